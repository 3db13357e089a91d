package io.multiprocess.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import io.multiprocess.MultiprocessException;
import io.multiprocess.pool.PoolTerminatedException;
import io.multiprocess.pool.RemoteTask;
import io.multiprocess.pool.TaskRunner;
import io.multiprocess.pool.WorkerLostException;
import io.multiprocess.util.ProcessLogging;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Runs a cluster pool's tasks on the data members of a Hazelcast cluster through its
 * {@link IExecutorService}: each task goes to the member with the fewest of this pool's tasks (ties
 * taken in turn), as a {@link ClusterTask}; the response is read on this runner's result threads, not on
 * Hazelcast's. Internal.
 *
 * <p>A member that leaves the cluster while it runs a task (killed, crashed, shut down) makes Hazelcast
 * fail the task's future with {@link MemberLeftException} once the cluster removed the member (seconds,
 * after its heartbeats stop). The task then fails with {@link WorkerLostException}, or, with
 * {@code reRuns > 0}, runs again on another member, up to that many times.
 */
final class ClusterTaskRunner implements TaskRunner {

    private static final Logger LOG = ProcessLogging.getLogger(ClusterTaskRunner.class);
    private static final AtomicInteger NUMBERS = new AtomicInteger();

    private final HazelcastInstance instance;
    private final IExecutorService executor;
    private final String serializerClass;
    private final int reRuns;
    private final MemberTallies tallies;
    private final ExecutorService results;
    private final AtomicInteger turn = new AtomicInteger();

    ClusterTaskRunner(
            HazelcastInstance instance,
            String executorName,
            String serializerClass,
            int reRuns,
            MemberTallies tallies) {
        this.instance = instance;
        this.executor = instance.getExecutorService(executorName);
        this.serializerClass = serializerClass;
        this.reRuns = reRuns;
        this.tallies = tallies;
        int number = NUMBERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "multiprocess-cluster-results-" + number + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        this.results = pool;
    }

    @Override
    public RunningTask start(RemoteTask task) {
        Attempt attempt = new Attempt(task);
        attempt.submit();
        return attempt::cancel;
    }

    @Override
    public void close() {
        results.shutdown();
    }

    /** The cluster's data members now (lite members take no task); 0 once the instance is gone. */
    @Override
    public int workers() {
        try {
            int data = 0;
            for (Member member : instance.getCluster().getMembers()) {
                if (!member.isLiteMember()) {
                    data++;
                }
            }
            return data;
        } catch (HazelcastInstanceNotActiveException gone) {
            return 0;
        }
    }

    @Override
    public String describe() {
        return "Hazelcast cluster '" + instance.getConfig().getClusterName() + "'";
    }

    /** The data member with the fewest of this pool's tasks; null if there is none. */
    private @Nullable Member pickMember() {
        List<Member> members = new ArrayList<>();
        for (Member member : instance.getCluster().getMembers()) {
            if (!member.isLiteMember()) {
                members.add(member);
            }
        }
        if (members.isEmpty()) {
            return null;
        }
        int start = Math.floorMod(turn.getAndIncrement(), members.size());
        Member best = null;
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get((start + i) % members.size());
            int load = tallies.running(member);
            if (load < fewest) {
                best = member;
                fewest = load;
            }
        }
        return best;
    }

    /** One task on its way through the cluster, perhaps in several attempts. */
    private final class Attempt {

        private final RemoteTask task;
        private int reRunsLeft = reRuns;
        private volatile @Nullable Future<byte[]> future;
        private volatile boolean cancelled;

        Attempt(RemoteTask task) {
            this.task = task;
        }

        void submit() {
            Member member;
            try {
                member = pickMember();
            } catch (HazelcastInstanceNotActiveException e) {
                task.failed(instanceGone(e));
                return;
            }
            if (member == null) {
                task.failed(new MultiprocessException("No member of " + describe() + " can run " + task.description()
                        + ": the cluster has only lite members; start a data member"));
                return;
            }
            tallies.started(member);
            Future<byte[]> submitted;
            try {
                submitted = executor.submitToMember(new ClusterTask(serializerClass, task.request()), member);
            } catch (RuntimeException e) {
                tallies.ended(member, MemberTallies.Ending.FAILED);
                ended(member, e);
                return;
            }
            future = submitted;
            if (cancelled) {
                submitted.cancel(true);
            }
            if (submitted instanceof CompletableFuture<byte[]> completable) {
                completable.whenComplete((response, error) -> onResults(() -> {
                    if (error == null) {
                        tallies.ended(member, MemberTallies.Ending.COMPLETED);
                        task.completed(response);
                    } else {
                        ended(member, error);
                    }
                }));
            } else {
                onResults(() -> {
                    try {
                        byte[] response = submitted.get();
                        tallies.ended(member, MemberTallies.Ending.COMPLETED);
                        task.completed(response);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        ended(member, e);
                    } catch (ExecutionException | RuntimeException e) {
                        ended(member, e);
                    }
                });
            }
        }

        /** Reads results on this runner's threads; inline once the runner is closed. */
        private void onResults(Runnable action) {
            try {
                results.execute(action);
            } catch (RejectedExecutionException closed) {
                action.run();
            }
        }

        void cancel() {
            cancelled = true;
            Future<byte[]> current = future;
            if (current != null) {
                current.cancel(true);
            }
        }

        /** The attempt on {@code member} failed with {@code error}. */
        private void ended(Member member, Throwable error) {
            Throwable cause = unwrap(error);
            if (cancelled || cause instanceof CancellationException) {
                tallies.ended(member, MemberTallies.Ending.CANCELLED);
                return;
            }
            if (isMemberLoss(cause)) {
                tallies.ended(member, MemberTallies.Ending.LOST);
                String who = MemberTallies.describe(member);
                if (reRunsLeft > 0 && !task.isFinished()) {
                    reRunsLeft--;
                    LOG.warn(
                            "{} left the cluster while running {}; running it again on another member ({} more re-runs allowed)",
                            who,
                            task.description(),
                            reRunsLeft);
                    submit();
                    return;
                }
                String how = reRuns == 0
                        ? "; the task was not run again (a cluster pool built with reRunOnMemberLoss(n) "
                                + "runs it elsewhere)"
                        : "; it had been run " + (reRuns + 1) + " times";
                task.failed(new WorkerLostException(
                        capitalized(who) + " left the cluster while running " + task.description() + how,
                        MemberTallies.pid(member),
                        null));
                return;
            }
            tallies.ended(member, MemberTallies.Ending.FAILED);
            if (cause instanceof HazelcastInstanceNotActiveException) {
                task.failed(instanceGone(cause));
            } else {
                task.failed(new MultiprocessException(
                        capitalized(MemberTallies.describe(member)) + " could not run " + task.description() + ": "
                                + cause,
                        cause));
            }
        }

        private RuntimeException instanceGone(Throwable cause) {
            return new PoolTerminatedException(
                    "The Hazelcast instance of this pool shut down before " + task.description() + " finished", cause);
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null
                && !(t instanceof MemberLeftException)) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean isMemberLoss(Throwable cause) {
        return cause instanceof MemberLeftException
                || cause instanceof TargetNotMemberException
                || cause instanceof TargetDisconnectedException;
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
