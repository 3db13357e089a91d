package io.multiprocess.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.connection.Connection;
import io.multiprocess.connection.Pipe;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.managers.DictProxy;
import io.multiprocess.managers.SyncManager;
import io.multiprocess.pool.Pool;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.queues.ProcessQueue;
import io.multiprocess.serialization.ReductionSamples.Money;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A registered reduction applies on every channel, not only to a process's target: queue items, pipe
 * messages, pool task arguments and pool results are reduced by the sender and rebuilt by the receiver's
 * registration, in both directions; a manager's server rebuilds what a proxy sends it. {@link Money} records the pid of the process that rebuilt it, so each
 * assertion proves the reduction ran at that hop (field copying would keep the sender's value).
 */
@ExtendWith(NoLeftoversExtension.class)
class ReductionChannelsIT {

    private static final Duration TIMEOUT = ChildFiles.TIMEOUT;

    static Stream<Serializer> serializers() {
        return Stream.of(new KryoSerializer(), new JdkSerializer());
    }

    @AfterEach
    void unregisterAll() {
        new ArrayList<>(Reduction.registeredTypes()).forEach(Reduction::unregister);
    }

    /** What a child reports about a value it received: where it was rebuilt, and the value. */
    private static String seen(Money money) {
        return (money.rebuiltIn == ProcessHandle.current().pid()) + " " + Money.format(money);
    }

    @ParameterizedTest
    @MethodSource("serializers")
    void queueItemsAreReducedBothWays(Serializer serializer) throws Exception {
        Reduction.register(Money.class, Money::format, Money::parse);
        ProcessContext ctx = Multiprocess.getContext("spawn").withSerializer(serializer);
        ProcessQueue<Object> toChild = ctx.queue(0);
        ProcessQueue<Object> toParent = ctx.queue(0);
        try {
            ChildProcess child = ctx.process(() -> {
                Money received = (Money) toChild.get(TIMEOUT);
                toParent.put(seen(received), TIMEOUT);
                toParent.put(new Money(received.cents + 1, received.currency), TIMEOUT);
                toParent.close();
                toParent.joinThread();
            });
            child.start();
            toChild.put(new Money(1250, "EUR"), TIMEOUT);

            assertThat(toParent.get(TIMEOUT)).isEqualTo("true 1250 EUR");
            Money back = (Money) toParent.get(TIMEOUT);
            assertThat(back).isEqualTo(new Money(1251, "EUR"));
            assertThat(back.rebuiltIn)
                    .as("rebuilt here by the registration")
                    .isEqualTo(ProcessHandle.current().pid());
            assertThat(child.join(TIMEOUT)).isTrue();
            assertThat(child.exitCode()).hasValue(0);
        } finally {
            toChild.close();
            toParent.close();
        }
    }

    @ParameterizedTest
    @MethodSource("serializers")
    void pipeMessagesAreReducedBothWays(Serializer serializer) throws Exception {
        Reduction.register(Money.class, Money::format, Money::parse);
        ProcessContext ctx = Multiprocess.getContext("spawn").withSerializer(serializer);
        try (Pipe pipe = ctx.pipe(true)) {
            Connection childEnd = pipe.second();
            ChildProcess child = ctx.process(() -> {
                Money received = (Money) childEnd.recv();
                childEnd.send(List.of(seen(received), new Money(received.cents * 2, "USD")));
                childEnd.close();
            });
            child.start();
            pipe.first().send(new Money(300, "GBP"));

            assertThat(pipe.first().poll(TIMEOUT)).isTrue();
            List<?> reply = (List<?>) pipe.first().recv();
            assertThat(reply.get(0)).isEqualTo("true 300 GBP");
            Money back = (Money) reply.get(1);
            assertThat(back).isEqualTo(new Money(600, "USD"));
            assertThat(back.rebuiltIn).isEqualTo(ProcessHandle.current().pid());
            assertThat(child.join(TIMEOUT)).isTrue();
            assertThat(child.exitCode()).hasValue(0);
        }
    }

    @ParameterizedTest
    @MethodSource("serializers")
    void poolArgumentsAndResultsAreReduced(Serializer serializer) {
        Reduction.register(Money.class, Money::format, Money::parse);
        ProcessContext ctx = Multiprocess.getContext("spawn").withSerializer(serializer);
        long here = ProcessHandle.current().pid();
        try (Pool pool = ctx.pool(1)) {
            List<String> seenByWorker =
                    pool.map(ReductionChannelsIT::seen, List.of(new Money(1, "EUR"), new Money(2, "EUR")));
            assertThat(seenByWorker).containsExactly("true 1 EUR", "true 2 EUR");

            Money doubled = pool.apply(m -> new Money(m.cents * 2, m.currency), new Money(21, "CHF"));
            assertThat(doubled).isEqualTo(new Money(42, "CHF"));
            assertThat(doubled.rebuiltIn).isEqualTo(here);
        }
    }

    @ParameterizedTest
    @MethodSource("serializers")
    void managerCallsAreReducedBothWays(Serializer serializer) {
        Reduction.register(Money.class, Money::format, Money::parse);
        ProcessContext ctx = Multiprocess.getContext("spawn").withSerializer(serializer);
        try (SyncManager manager = ctx.manager()) {
            DictProxy<String, Object> dict = manager.dict();
            dict.put("price", new Money(999, "SEK"));
            // The server is a child JVM: the value was rebuilt there, and is reduced again on its way back.
            Money back = (Money) dict.get("price");
            assertThat(back).isEqualTo(new Money(999, "SEK"));
            assertThat(back.rebuiltIn).isEqualTo(ProcessHandle.current().pid());
            long serverPid = manager.serverPid().orElseThrow();
            assertThat(serverPid).isNotEqualTo(ProcessHandle.current().pid());
        }
    }
}
