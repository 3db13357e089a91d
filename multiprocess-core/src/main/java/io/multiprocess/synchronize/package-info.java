/**
 * Synchronization primitives shared between processes: locks, semaphores, conditions, events and
 * barriers. Python's {@code multiprocessing.synchronize}.
 *
 * <table>
 *   <caption>Python's names and these</caption>
 *   <tr><th>Python</th><th>Java</th><th>JDK interface</th></tr>
 *   <tr><td>{@code Lock}</td><td>{@link io.multiprocess.synchronize.ProcessLock}</td><td>{@code Lock}</td></tr>
 *   <tr><td>{@code RLock}</td><td>{@link io.multiprocess.synchronize.ReentrantProcessLock}</td><td>{@code Lock}</td></tr>
 *   <tr><td>{@code Semaphore}</td><td>{@link io.multiprocess.synchronize.ProcessSemaphore}</td><td></td></tr>
 *   <tr><td>{@code BoundedSemaphore}</td><td>{@link io.multiprocess.synchronize.BoundedProcessSemaphore}</td><td></td></tr>
 *   <tr><td>{@code Condition}</td><td>{@link io.multiprocess.synchronize.ProcessCondition}</td><td>{@code Condition}</td></tr>
 *   <tr><td>{@code Event}</td><td>{@link io.multiprocess.synchronize.ProcessEvent}</td><td></td></tr>
 *   <tr><td>{@code Barrier}</td><td>{@link io.multiprocess.synchronize.ProcessBarrier}</td><td></td></tr>
 * </table>
 * The {@code Process} prefix keeps them apart from the JDK's {@code Lock}, {@code Condition} and
 * {@code Semaphore}, which users import too.
 *
 * <p>Each object lives in a small POSIX shared-memory segment ({@code /dev/shm/mp-<type>-<pid>-<random>},
 * mode 0600) and works across processes: pass it to a child as an argument or capture it in a task,
 * and the child maps the same segment. Uncontended operations are single atomic instructions on that
 * memory; only threads that must wait enter the kernel (a futex). Every blocking call has a timeout.
 *
 * <p><b>Life cycle.</b> The creating process registers the segment with the
 * {@link io.multiprocess.tracker.ResourceTracker} and unlinks it on an explicit {@code unlink()}, when it no longer
 * references the object (garbage collection), or when it exits; processes that already mapped it keep
 * working. If the creating process tree dies (even by SIGKILL), the tracker unlinks it. As in Python,
 * a process that receives the object after its creator dropped it gets an error naming the segment.
 * The primitives are deliberately not {@link java.lang.AutoCloseable}: Python's {@code with lock:} is
 * {@code try (var held = lock.hold()) { ... }} (see {@link io.multiprocess.synchronize.Held}), which
 * releases the lock at the end of the block and leaves it usable by every process.
 *
 * <p><b>A lock holder that dies</b> (killed while holding a lock) does not block the others for ever:
 * the next waiter takes the lock over within a few tens of milliseconds, a warning is logged, and
 * {@link io.multiprocess.synchronize.AbstractProcessLock#takenOverFrom()} tells the new holder which
 * process died, so that it can repair what the lock guards.
 */
@NullMarked
package io.multiprocess.synchronize;

import org.jspecify.annotations.NullMarked;
