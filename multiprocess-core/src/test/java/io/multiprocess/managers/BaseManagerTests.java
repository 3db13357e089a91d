package io.multiprocess.managers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.AuthenticationException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.managers.server.Server;
import io.multiprocess.serialization.JdkSerializer;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.UndeclaredThrowableException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Registration, exposure, errors and the life cycle, with servers on threads of this JVM. */
@Timeout(120)
@ExtendWith(NoLeftoversExtension.class)
class BaseManagerTests {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    /** Python's MathsClass example: register on the manager class, create through it. */
    static final class MathsManager extends BaseManager {
        MathsManager() {
            this(null, null);
        }

        MathsManager(SocketAddress address, byte[] key) {
            super(address, key);
            register(
                    "Maths",
                    args -> new MathsClass(),
                    Maths.class,
                    List.of("add", "mul", "counter", "check", "upTo"),
                    Map.of("counter", "Counter", "upTo", "Iterator"),
                    true);
            register("Counter", null, Maths.Counter.class, null, null, false);
            register("Iterator", null, Iterator.class, null, null, false);
            register("Calculator", Calculator::new);
            register("AutoMaths", MathsClass::new);
        }

        Maths maths() {
            return create("Maths");
        }
    }

    @Test
    void pythonsMathsClassExample() throws Exception {
        try (ServedHere<MathsManager> served = new ServedHere<>(new MathsManager())) {
            Maths maths = served.manager.maths();
            assertThat(maths.add(4, 3)).isEqualTo(7);
            assertThat(maths.mul(7, 8)).isEqualTo(56);
            assertThat(maths).isInstanceOf(BaseProxy.class);
            assertThat(((BaseProxy) maths).proxyToken().typeId()).isEqualTo("Maths");
        }
    }

    @Test
    void aMethodThatIsNotExposedIsRefusedWithTheExposedList() throws Exception {
        try (ServedHere<MathsManager> served = new ServedHere<>(new MathsManager())) {
            Maths maths = served.manager.maths();
            assertThatThrownBy(maths::secret)
                    .isInstanceOf(RemoteCallException.class)
                    .hasMessageContaining("secret")
                    .hasMessageContaining("not exposed")
                    .hasMessageContaining("[add, check, counter, mul, upTo]");
            assertThatThrownBy(() -> ((BaseProxy) maths).callMethod("secret")).isInstanceOf(RemoteCallException.class);
            assertThatThrownBy(() -> ((BaseProxy) maths).callMethod("nothingLikeThis", 1))
                    .isInstanceOf(RemoteCallException.class)
                    .hasMessageContaining("no public method");
        }
    }

    @Test
    void methodToTypeIdServesResultsAsProxies() throws Exception {
        try (ServedHere<MathsManager> served = new ServedHere<>(new MathsManager())) {
            Maths maths = served.manager.maths();
            int before = served.manager.numberOfObjects();
            Maths.Counter counter = maths.counter(10);
            assertThat(counter).isInstanceOf(BaseProxy.class);
            assertThat(counter.next()).isEqualTo(10);
            assertThat(counter.next()).isEqualTo(11);
            assertThat(served.manager.numberOfObjects()).isEqualTo(before + 1);
            List<Integer> seen = new ArrayList<>();
            maths.upTo(3).forEachRemaining(seen::add);
            assertThat(seen).containsExactly(0, 1, 2);
            assertThatThrownBy(() -> served.manager.create("Counter"))
                    .isInstanceOf(RemoteCallException.class)
                    .hasMessageContaining("createMethod=false");
            ((BaseProxy) counter).releaseProxy();
            Awaitility.await().atMost(LIMIT).until(() -> served.manager.numberOfObjects() <= before + 1);
            assertThatThrownBy(counter::next)
                    .isInstanceOf(ProcessStateException.class)
                    .hasMessageContaining("released");
        }
    }

    @Test
    void exceptionsOfTheServedMethodReachTheCallerAsTheyAreWithBothStacks() throws Exception {
        try (ServedHere<MathsManager> served = new ServedHere<>(new MathsManager())) {
            Maths maths = served.manager.maths();
            assertThatThrownBy(() -> maths.check(-1))
                    .isInstanceOf(IOException.class)
                    .hasMessage("negative: -1");
            Throwable zero = Assertions.catchThrowable(() -> maths.check(0));
            assertThat(zero).isInstanceOf(IllegalArgumentException.class).hasMessage("zero");
            List<String> frames = Arrays.stream(zero.getStackTrace())
                    .map(StackTraceElement::toString)
                    .toList();
            assertThat(frames).anyMatch(f -> f.contains("MathsClass.check"));
            assertThat(frames).anyMatch(f -> f.contains("<manager"));
            assertThat(frames).anyMatch(f -> f.contains("BaseManagerTests"));
        }
    }

    @Test
    void classesWithoutInterfacesAreCalledByNameAndAutoProxiesImplementTheirInterfaces() throws Exception {
        try (ServedHere<MathsManager> served = new ServedHere<>(new MathsManager())) {
            BaseProxy calculator = served.manager.create("Calculator");
            assertThat(calculator.<Long>callMethod("addToTotal", 5L)).isEqualTo(5L);
            assertThat(calculator.<Long>callMethod("addToTotal", 2, 3)).isEqualTo(10L);
            assertThat(calculator.<String>callMethod("describe", "x")).isEqualTo("string x");
            assertThat(calculator.<String>callMethod("describe", 7)).isEqualTo("object 7");
            assertThatThrownBy(() -> served.manager.create("Calculator", 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no arguments");
            Object auto = served.manager.create("AutoMaths");
            assertThat(auto).isInstanceOf(Maths.class).isInstanceOf(BaseProxy.class);
            assertThat(((Maths) auto).secret()).isEqualTo(42);
            assertThat(((BaseProxy) auto).<String>callMethod("shout", "hi")).isEqualTo("HI");
            assertThatThrownBy(() -> served.manager.create("NoSuchType"))
                    .isInstanceOf(RemoteCallException.class)
                    .hasMessageContaining("NoSuchType")
                    .hasMessageContaining("Maths");
        }
    }

    @Test
    void registrationIsCheckedAndLifeCycleMisuseIsRefused() throws Exception {
        BaseManager manager = new BaseManager();
        assertThatThrownBy(() -> manager.register("x", MathsClass.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interface");
        assertThatThrownBy(() -> manager.register(" ", Maths.class)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> manager.create("x"))
                .isInstanceOf(ProcessStateException.class)
                .hasMessageContaining("not started");
        assertThatThrownBy(manager::shutdown).isInstanceOf(ProcessStateException.class);
        assertThatThrownBy(manager::connect)
                .isInstanceOf(ProcessStateException.class)
                .hasMessageContaining("address");
        assertThatThrownBy(manager::join).isInstanceOf(ProcessStateException.class);
        Server server;
        try (ServedHere<BaseManager> served = new ServedHere<>(manager)) {
            server = served.server;
            assertThatThrownBy(manager::getServer).isInstanceOf(ProcessStateException.class);
            assertThatThrownBy(manager::start).isInstanceOf(ProcessStateException.class);
            assertThatThrownBy(() -> manager.register("late", Maths.class)).isInstanceOf(ProcessStateException.class);
            assertThat(manager.serverPid()).hasValue(ProcessHandle.current().pid());
        }
        assertThat(server.isStopping()).isTrue();
        server.serveForever();
        manager.shutdown();
    }

    @Test
    void aClientWithTheWrongKeyIsRefusedAndTheServerServesOn() throws Exception {
        byte[] key = "right key".getBytes(StandardCharsets.UTF_8);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (ServedHere<MathsManager> served = new ServedHere<>(new MathsManager(any, key))) {
            MathsManager wrong =
                    new MathsManager(served.server.address(), "wrong key".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(wrong::connect).isInstanceOf(AuthenticationException.class);
            MathsManager right = new MathsManager(served.server.address(), key);
            right.connect();
            assertThat(right.maths().add(1, 2)).isEqualTo(3);
            right.close();
        }
    }

    @Test
    void aCallTimeoutHoldsOverTcpAfterAWrongKeyWasRefused() throws Exception {
        byte[] key = "right key".getBytes(StandardCharsets.UTF_8);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (ServedHere<SyncManager> served = new ServedHere<>(new SyncManager(any, key))) {
            SyncManager wrong = new SyncManager(served.server.address(), "wrong key".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(wrong::connect).isInstanceOf(AuthenticationException.class);
            SyncManager client = new SyncManager(served.server.address(), key).withCallTimeout(Duration.ofSeconds(2));
            client.connect();
            QueueProxy<String> queue = client.queue();
            CompletableFuture<Throwable> taking = CompletableFuture.supplyAsync(() -> {
                try {
                    return new AssertionError("took " + queue.take() + " from an empty queue");
                } catch (Throwable t) {
                    return t;
                }
            });
            assertThat(taking.get(30, TimeUnit.SECONDS)).isInstanceOf(ManagerCallTimeoutException.class);
            queue.put("after");
            assertThat(queue.get(Duration.ofSeconds(5))).isEqualTo("after");
            client.close();
        }
    }

    @Test
    void aProxyCollectedByTheGarbageCollectorReleasesItsObject() throws Exception {
        try (ServedHere<SyncManager> served = ServedHere.syncManager()) {
            DictProxy<String, Integer> kept = served.manager.dict();
            int withTheKeptOne = served.manager.numberOfObjects();
            createAndDrop(served.manager);
            assertThat(served.manager.numberOfObjects()).isGreaterThan(withTheKeptOne);
            Awaitility.await()
                    .atMost(LIMIT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        System.gc();
                        return served.manager.numberOfObjects() == withTheKeptOne;
                    });
            kept.put("still served", 1);
            assertThat(kept).containsEntry("still served", 1);
        }
    }

    private static void createAndDrop(SyncManager manager) {
        List<Integer> dropped = manager.list();
        dropped.add(1);
    }

    /** Sets {@link #DESERIALIZED} when Java serialization reads it. */
    static final class Tripwire implements Serializable {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean DESERIALIZED = new AtomicBoolean();

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            DESERIALIZED.set(true);
        }
    }

    @Test
    void aPeerThatSkipsTheHandshakeIsDroppedBeforeAnythingItSentIsDeserialized() throws Exception {
        byte[] key = "right key".getBytes(StandardCharsets.UTF_8);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        ByteArrayOutputStream serialized = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(serialized)) {
            out.writeObject(new Tripwire());
        }
        byte[] payload = serialized.toByteArray();
        try (ServedHere<MathsManager> served = new ServedHere<>(new MathsManager(any, key))) {
            InetSocketAddress address = (InetSocketAddress) served.server.address();
            try (Socket raw = new Socket(address.getAddress(), address.getPort())) {
                raw.setSoTimeout((int) LIMIT.toMillis());
                DataOutputStream out = new DataOutputStream(raw.getOutputStream());
                try {
                    for (int i = 0; i < 3; i++) { // framed as the connection layer frames, in place of the answers
                        out.writeInt(payload.length);
                        out.write(payload);
                    }
                    out.flush();
                } catch (SocketException reset) {
                    // The server dropped the peer while it was still writing: what the test expects, only sooner.
                }
                InputStream in = raw.getInputStream();
                byte[] sink = new byte[4096];
                int read = 0;
                while (read >= 0) { // the server closes the connection: end of stream, not a timeout
                    try {
                        read = in.read(sink);
                    } catch (SocketException reset) {
                        read = -1;
                    }
                }
            }
            assertThat(Tripwire.DESERIALIZED).isFalse();
            MathsManager right = new MathsManager(served.server.address(), key);
            right.connect();
            assertThat(right.maths().add(2, 3)).isEqualTo(5);
            right.close();
        }
    }

    @Test
    void aPeerThatConnectsAndSaysNothingDoesNotDelayOtherClients() throws Exception {
        byte[] key = "right key".getBytes(StandardCharsets.UTF_8);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (ServedHere<MathsManager> served = new ServedHere<>(new MathsManager(any, key))) {
            InetSocketAddress address = (InetSocketAddress) served.server.address();
            try (Socket silent = new Socket(address.getAddress(), address.getPort())) {
                InputStream in = silent.getInputStream();
                silent.setSoTimeout((int) LIMIT.toMillis());
                assertThat(in.read()).isNotNegative(); // the server's challenge: an acceptor is busy with us
                MathsManager right = new MathsManager(served.server.address(), key);
                right.connect();
                assertThat(right.maths().add(2, 3)).isEqualTo(5);
                right.close();
                // The silent peer still holds its acceptor: the client above did not wait for its timeout.
                silent.setSoTimeout(1);
                assertThatThrownBy(() -> {
                            while (in.read() >= 0) {
                                // the rest of the challenge
                            }
                        })
                        .isInstanceOf(SocketTimeoutException.class);
            }
        }
    }

    @Test
    void callsOnAStoppedServerFailAtOnceAndWaitingCallsAreWokenUp() throws Exception {
        ServedHere<SyncManager> served = ServedHere.syncManager();
        QueueProxy<String> queue = served.manager.queue();
        CountDownLatch calling = new CountDownLatch(1);
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
            calling.countDown();
            return queue.get();
        });
        calling.await();
        Awaitility.await().during(Duration.ofMillis(100)).atMost(LIMIT).until(() -> !waiting.isDone());
        served.server.stop();
        assertThatThrownBy(() -> waiting.get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ManagerUnreachableException.class);
        assertThatThrownBy(queue::qsize)
                .isInstanceOf(ManagerUnreachableException.class)
                .hasMessageContaining("manager at");
        served.close();
    }

    @Test
    void aCallTimeoutBoundsAWaitAndClosesItsConnection() throws Exception {
        try (ServedHere<SyncManager> served = ServedHere.syncManager()) {
            SyncManager client = new SyncManager(served.server.address(), null).withCallTimeout(Duration.ofMillis(200));
            client.connect();
            QueueProxy<String> queue = client.queue();
            assertThatThrownBy(queue::take)
                    .isInstanceOf(ManagerCallTimeoutException.class)
                    .hasMessageContaining("PT0.2S");
            queue.put("after");
            assertThat(queue.get(Duration.ofSeconds(5))).isEqualTo("after");
            client.withCallTimeout(null);
        }
    }

    @Test
    void anInterruptedCallerGetsInterruptedExceptionWhereTheInterfaceDeclaresItAndTheServerAbandonsItsWait()
            throws Exception {
        try (ServedHere<SyncManager> served = ServedHere.syncManager()) {
            QueueProxy<String> queue = served.manager.queue();
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread taker = new Thread(() -> {
                try {
                    queue.take();
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            taker.start();
            Awaitility.await().during(Duration.ofMillis(100)).atMost(LIMIT).until(() -> !outcome.isDone());
            taker.interrupt();
            assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            queue.put("not lost");
            assertThat(queue.get(Duration.ofSeconds(5))).isEqualTo("not lost");
        }
    }

    @Test
    void proxiesTravelThroughBothSerializersAndArriveAsProxiesOfTheSameObject() throws Exception {
        for (Serializer serializer : List.of(new KryoSerializer(), new JdkSerializer())) {
            try (ServedHere<SyncManager> served = new ServedHere<>(new SyncManager(null, null, serializer))) {
                ListProxy<String> list = served.manager.list();
                list.add("one");
                int objects = served.manager.numberOfObjects();
                byte[] bytes = serializer.serialize(List.of(list, list, "x"));
                // A proxy class exists only in the JVM that generated it: its name must not travel.
                assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("$Proxy");
                @SuppressWarnings("unchecked")
                List<Object> copy = (List<Object>) serializer.deserialize(bytes);
                assertThat(copy.get(0)).isSameAs(copy.get(1)).isEqualTo(list).isNotSameAs(list);
                @SuppressWarnings("unchecked")
                ListProxy<String> arrived = (ListProxy<String>) copy.get(0);
                arrived.add("two");
                assertThat(list).containsExactly("one", "two");
                assertThat(served.manager.numberOfObjects()).isEqualTo(objects);
                assertThat(served.manager.debugInfo()).contains("'list'").contains("refcount=2");
                arrived.releaseProxy();
                list.releaseProxy();
                Awaitility.await().atMost(LIMIT).until(() -> served.manager.numberOfObjects() == objects - 1);
            }
        }
    }

    @Test
    void aReleasedProxyCannotTravel() throws Exception {
        try (ServedHere<SyncManager> served = ServedHere.syncManager()) {
            ListProxy<String> list = served.manager.list();
            list.releaseProxy();
            list.releaseProxy();
            assertThatThrownBy(() -> new KryoSerializer().serialize(list))
                    .hasRootCauseInstanceOf(ProcessStateException.class);
            assertThat(list.toString()).contains("'list'");
        }
    }

    @Test
    void undeclaredCheckedExceptionsAreWrapped() throws Exception {
        try (ServedHere<MathsManager> served = new ServedHere<>(new MathsManager())) {
            BaseProxy maths = served.manager.create("AutoMaths");
            assertThatThrownBy(() -> maths.callMethod("check", -1))
                    .isInstanceOf(RemoteCallException.class)
                    .hasCauseInstanceOf(IOException.class);
            assertThat(UndeclaredThrowableException.class).isNotNull();
        }
    }
}
