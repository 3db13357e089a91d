package io.multiprocess.spring.parallel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a bean method over its items in the worker processes of a {@link io.multiprocess.pool.Pool}:
 * a call is split into chunks of the items, each chunk is one call of the same method in a worker, and
 * the chunks' results come back concatenated, in input order. Python's {@code pool.map(func, iterable)}
 * for a method that already works on a list.
 *
 * <pre>{@code
 * @Service
 * public class Pricing {
 *     private final PricingProperties settings;   // plain data: travels to the workers
 *     private final TaxRules rules;               // a plain service: travels too
 *
 *     @ParallelMap(chunksize = 100, timeout = "2m")
 *     public List<Quote> quote(List<Order> orders) {
 *         return orders.stream().map(this::price).toList();   // runs in a worker, for one chunk
 *     }
 * }
 * }</pre>
 *
 * <h2>The method</h2>
 * <ul>
 *   <li>The items are its first parameter whose type is an array (of any component type) or an
 *       {@code Iterable}: declared as {@code List}, {@code Collection} or {@code Iterable}, a chunk is an
 *       {@code ArrayList}; as {@code Set}, a {@code LinkedHashSet}; as an array, an array of the same type.
 *       Other arguments travel unchanged with every chunk.</li>
 *   <li>It returns a {@code List} (or {@code Collection}, {@code Iterable}), and the call returns a new
 *       {@code ArrayList} with the chunks' results one after the other; or an array, and the call returns
 *       the arrays concatenated; or {@code void}, and the call returns once every chunk ran.</li>
 *   <li>An empty (or null-free empty) input returns an empty result without using the pool; a null input
 *       throws {@link NullPointerException}.</li>
 *   <li>Only calls through the bean reach the pool: a call from the bean's own methods
 *       ({@code this.quote(...)}) is a plain call, as with every Spring proxy. The method must be
 *       overridable (not private, final or static) and its class not final.</li>
 * </ul>
 *
 * <p>With the {@code "thread"} start method the pool is a {@link io.multiprocess.pool.ThreadPool}: the
 * chunks run on its threads, on the bean's own object, and nothing is serialized.
 *
 * <h2>How the bean reaches the workers</h2>
 * The workers are other JVMs without Spring. The call sends them the bean's own object (the target
 * behind Spring's proxy) <em>serialized field by field</em>, as dill sends an object, with its
 * collaborators: a properties object, a plain service, collections, records all arrive as copies. What
 * the method changes in them stays in the worker. In the worker the method runs on that copy, so other
 * aspects of the bean (transactions, caching, security) do not apply there. A collaborator that cannot
 * cross a process boundary fails the call, before anything is sent, with a
 * {@link io.multiprocess.SerializationException} that names the collaborator and the path to what cannot
 * be sent: a Spring proxy (a {@code @Transactional} service, a {@code @Lazy} injection point), the
 * application context, or an object holding a JDK resource (a {@code DataSource}, an executor, a
 * socket). Mark such a field {@code transient} (it then arrives as null in the workers, so the chunks
 * must not use it), or give the bean what the chunks need as plain data.
 *
 * <h2>Exceptions</h2>
 * A call throws what a plain call would: when a chunk throws, the first failure to arrive is rethrown as
 * it was thrown in the worker (its type, message, cause chain and the worker's stack trace; the pool's
 * {@link io.multiprocess.pool.TaskFailedException}, which has the caller's stack, is added as suppressed).
 * Checked exceptions the method declares are rethrown the same way; anything else stays wrapped in the
 * {@code TaskFailedException}. A worker that dies fails the call with
 * {@link io.multiprocess.pool.WorkerLostException}; a chunk over the pool's task timeout with
 * {@link io.multiprocess.pool.TaskTimeoutException}; a call over {@link #timeout()} with
 * {@link io.multiprocess.pool.ResultTimeoutException}, after its chunks that had not started were dropped. The
 * chunks running at that moment are stopped by replacing their workers; with {@code ordered = false} they
 * run to their end instead (the pool's task timeout still bounds them), since the lazy iterator behind an
 * unordered call can only drop what it has not sent.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ParallelMap {

    /**
     * How many items each chunk (one task in a worker) gets; 0 (the default) for Python's default,
     * {@code ceil(items / (4 * processes))}.
     *
     * @return the chunk size, 0 or more
     */
    int chunksize() default 0;

    /**
     * Whether the results keep the order of the items (true, the default: Python's {@code map}); false
     * returns the chunks' results in the order the chunks finish ({@code imap_unordered}), which can
     * start fewer idle waits when chunks take very different times.
     *
     * @return whether the input order is kept
     */
    boolean ordered() default true;

    /**
     * The longest the whole call may take, e.g. {@code "30s"}, {@code "PT2M"} or {@code "500"}
     * (milliseconds); placeholders such as {@code "${pricing.timeout}"} are resolved. Empty (the default):
     * no limit beyond the pool's task timeout.
     *
     * @return the timeout, or empty for none
     */
    String timeout() default "";

    /**
     * The name of the {@link io.multiprocess.pool.Pool} bean to use; empty (the default) for the only
     * (or primary) pool of the context.
     *
     * @return the pool bean's name, or empty
     */
    String pool() default "";
}
