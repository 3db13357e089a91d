package io.multiprocess.spring.parallel;

import io.multiprocess.SerializationException;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.pool.AsyncResult;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.ResultIterator;
import io.multiprocess.pool.ResultTimeoutException;
import io.multiprocess.pool.TaskFailedException;
import io.multiprocess.pool.ThreadPool;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.serialization.Serializer;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Runs a {@link ParallelMap} method's call in the pool: checks that the bean can travel, splits the
 * items into chunks, sends one call of the method per chunk to the workers, joins the results and
 * rethrows failures as a plain call would. Internal.
 */
final class ParallelMapInterceptor implements MethodInterceptor {

    private final BeanFactory beanFactory;
    private final Map<Method, ParallelMapMethod> methods = new ConcurrentHashMap<>();

    ParallelMapInterceptor(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    /**
     * The description of the {@code @ParallelMap} method that {@code method} is or overrides, built and
     * checked on first use.
     *
     * @param method      the called method
     * @param targetClass the bean's class
     * @return the description
     * @throws IllegalStateException if the annotation cannot serve the method
     */
    ParallelMapMethod describe(Method method, Class<?> targetClass) {
        Method specific = BridgeMethodResolver.findBridgedMethod(AopUtils.getMostSpecificMethod(method, targetClass));
        return methods.computeIfAbsent(specific, m -> {
            ParallelMap annotation = AnnotatedElementUtils.findMergedAnnotation(m, ParallelMap.class);
            if (annotation == null) {
                throw new IllegalStateException(m + " is not annotated with @ParallelMap");
            }
            return ParallelMapMethod.of(m, annotation, this::resolvePlaceholders);
        });
    }

    private String resolvePlaceholders(String value) {
        if (beanFactory instanceof ConfigurableBeanFactory configurable) {
            String resolved = configurable.resolveEmbeddedValue(value);
            return resolved != null ? resolved : value;
        }
        return value;
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        if (target == null) {
            return invocation.proceed();
        }
        ParallelMapMethod method = describe(invocation.getMethod(), AopUtils.getTargetClass(target));
        Object[] arguments = invocation.getArguments();
        List<Object> items = method.items(arguments[method.itemsIndex]);
        if (items.isEmpty()) {
            return method.empty();
        }
        Pool pool = pool(method);
        if (!(pool instanceof ThreadPool)) {
            // A thread pool runs the chunks on this very object: nothing travels.
            Collaborators.checkCanTravel(target, method);
        }
        int size = method.chunksize > 0
                ? method.chunksize
                : Math.max(1, (items.size() + 4 * pool.processes() - 1) / (4 * pool.processes()));
        List<Object> chunks = method.chunks(items, size);
        ChunkCall call = new ChunkCall(target, method.method, arguments, method.itemsIndex);
        try {
            return method.join(
                    method.ordered ? ordered(pool, call, chunks, method) : unordered(pool, call, chunks, method));
        } catch (SerializationException e) {
            throw Collaborators.explain(e, call, method, serializer());
        } catch (TaskFailedException e) {
            throw asPlainCallWould(e, method.method);
        }
    }

    private static List<Object> ordered(Pool pool, ChunkCall call, List<Object> chunks, ParallelMapMethod method) {
        AsyncResult<List<Object>> result = pool.mapAsync(call, chunks, 1);
        if (method.timeout == null) {
            return result.result();
        }
        try {
            return result.result(method.timeout);
        } catch (ResultTimeoutException e) {
            result.cancel(true);
            throw timedOut(method, e);
        }
    }

    private static List<Object> unordered(Pool pool, ChunkCall call, List<Object> chunks, ParallelMapMethod method) {
        List<Object> results = new ArrayList<>(chunks.size());
        long deadline = method.timeout == null ? 0 : System.nanoTime() + method.timeout.toNanos();
        try (ResultIterator<Object> next = pool.imapUnordered(call, chunks, 1)) {
            for (int i = 0; i < chunks.size(); i++) {
                if (method.timeout == null) {
                    results.add(next.next());
                } else {
                    try {
                        results.add(next.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
                    } catch (ResultTimeoutException e) {
                        throw timedOut(method, e);
                    }
                }
            }
        } catch (NoSuchElementException e) {
            throw new IllegalStateException(
                    "The pool returned fewer results than " + ParallelMapMethod.describe(method.method) + " has chunks",
                    e);
        }
        return results;
    }

    private static ResultTimeoutException timedOut(ParallelMapMethod method, ResultTimeoutException e) {
        ResultTimeoutException timedOut = new ResultTimeoutException(
                "@ParallelMap method "
                        + ParallelMapMethod.describe(method.method) + " did not finish within its timeout of "
                        + method.timeout
                        + "; its chunks that had not started were dropped",
                method.timeout);
        timedOut.initCause(e);
        return timedOut;
    }

    /**
     * The exception a plain call would have thrown: the worker's exception itself when it is unchecked or
     * declared by the method; otherwise the pool's {@link TaskFailedException}.
     */
    static Throwable asPlainCallWould(TaskFailedException failure, Method method) {
        Throwable thrown = failure.getCause();
        if (thrown == null) {
            return failure;
        }
        boolean plain = thrown instanceof RuntimeException || thrown instanceof Error;
        for (Class<?> declared : method.getExceptionTypes()) {
            plain |= declared.isInstance(thrown);
        }
        if (!plain) {
            return failure;
        }
        thrown.addSuppressed(failure);
        return thrown;
    }

    private Pool pool(ParallelMapMethod method) {
        try {
            return method.poolName.isEmpty()
                    ? beanFactory.getBean(Pool.class)
                    : beanFactory.getBean(method.poolName, Pool.class);
        } catch (NoSuchBeanDefinitionException e) {
            throw new IllegalStateException(
                    "@ParallelMap method " + ParallelMapMethod.describe(method.method)
                            + " needs a Pool bean"
                            + (method.poolName.isEmpty() ? "" : " named '" + method.poolName + "'")
                            + ": keep multiprocess.pool.enabled=true, or declare one (" + e.getMessage() + ")",
                    e);
        }
    }

    private Serializer serializer() {
        ProcessContext context =
                beanFactory.getBeanProvider(ProcessContext.class).getIfAvailable();
        return context != null ? context.serializer() : new KryoSerializer();
    }
}
