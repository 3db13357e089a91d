package io.multiprocess.hazelcast;

import com.hazelcast.cluster.Member;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Where the tasks of a context's cluster pools ran: per member, how many run now and how many ended,
 * and how. Read by {@link ClusterContext#members()} for monitoring. Internal.
 */
final class MemberTallies {

    /** How an attempt to run a task on a member ended. */
    enum Ending {
        /** The member answered. */
        COMPLETED,
        /** The member left the cluster first. */
        LOST,
        /** The member could not run it. */
        FAILED,
        /** The pool no longer wanted it. */
        CANCELLED
    }

    /** The counts of one member. */
    static final class Tally {
        final AtomicInteger running = new AtomicInteger();
        final AtomicLong completed = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
    }

    private final Map<UUID, Tally> byMember = new ConcurrentHashMap<>();

    Tally of(UUID member) {
        return byMember.computeIfAbsent(member, uuid -> new Tally());
    }

    @Nullable
    Tally peek(UUID member) {
        return byMember.get(member);
    }

    int running(Member member) {
        Tally tally = byMember.get(member.getUuid());
        return tally == null ? 0 : tally.running.get();
    }

    void started(Member member) {
        of(member.getUuid()).running.incrementAndGet();
    }

    void ended(Member member, Ending ending) {
        Tally tally = of(member.getUuid());
        tally.running.decrementAndGet();
        switch (ending) {
            case COMPLETED -> tally.completed.incrementAndGet();
            case LOST -> tally.lost.incrementAndGet();
            case FAILED -> tally.failed.incrementAndGet();
            default -> {}
        }
    }

    /** "member 127.0.0.1:5701 (pid 1234)" for messages. */
    static String describe(Member member) {
        long pid = pid(member);
        return "member " + member.getAddress().getHost() + ":"
                + member.getAddress().getPort() + (pid > 0 ? " (pid " + pid + ")" : "");
    }

    /** The member's pid from its {@value MemberConfigs#PID_ATTRIBUTE} attribute; 0 when unknown. */
    static long pid(Member member) {
        String value = member.getAttribute(MemberConfigs.PID_ATTRIBUTE);
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
