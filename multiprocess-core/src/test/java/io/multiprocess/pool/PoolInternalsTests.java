package io.multiprocess.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.SerializationException;
import io.multiprocess.function.SerializableFunction;
import io.multiprocess.serialization.JdkSerializer;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.serialization.SerializedThrowable;
import io.multiprocess.serialization.Serializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pool's building blocks: chunk sizes, the item encoding, function caching, frames. */
class PoolInternalsTests {

    private final Serializer kryo = new KryoSerializer();

    @Test
    void theDefaultChunksizeIsPythons() {
        // Python: chunksize, extra = divmod(len(iterable), len(self._pool) * 4); if extra: chunksize += 1
        assertThat(AbstractPool.defaultChunksize(200_000, 2)).isEqualTo(25_000);
        assertThat(AbstractPool.defaultChunksize(200_001, 2)).isEqualTo(25_001);
        assertThat(AbstractPool.defaultChunksize(7, 2)).isEqualTo(1);
        assertThat(AbstractPool.defaultChunksize(9, 2)).isEqualTo(2);
        assertThat(AbstractPool.defaultChunksize(1, 16)).isEqualTo(1);
    }

    @Test
    void simpleValuesTravelTaggedAndComeBackEqual() {
        Object[] items = {null, 1, -7, Integer.MAX_VALUE, 5L, 2.5, true, false, "", "héllo ✓", new byte[] {1, 2, 3}};
        for (Serializer serializer : List.of(kryo, new JdkSerializer())) {
            byte[] bytes = Payloads.encode(items, 0, items.length, serializer);
            assertThat(bytes[0]).isEqualTo(Payloads.TAGGED);
            Object[] back = Payloads.decode(bytes, 0, bytes.length, serializer);
            assertThat(back).hasSize(items.length);
            for (int i = 0; i < items.length; i++) {
                if (items[i] instanceof byte[] b) {
                    assertThat((byte[]) back[i]).isEqualTo(b);
                } else {
                    assertThat(back[i]).isEqualTo(items[i]);
                }
            }
        }
    }

    @Test
    void otherValuesTravelThroughTheSerializerAsOneValue() {
        record Point(int x, int y) {}
        Point shared = new Point(1, 2);
        Object[] items = {shared, shared, 3, List.of("a")};
        byte[] bytes = Payloads.encode(items, 1, 4, kryo);
        assertThat(bytes[0]).isEqualTo(Payloads.SERIALIZED);
        Object[] back = Payloads.decode(bytes, 0, bytes.length, kryo);
        assertThat(back).containsExactly(shared, 3, List.of("a"));
        Object[] pair =
                Payloads.decode(Payloads.encode(items, 0, 2, kryo), 0, Payloads.encode(items, 0, 2, kryo).length, kryo);
        assertThat(pair[0]).isSameAs(pair[1]);
    }

    @Test
    void anItemThatCannotBeSerializedFailsInTheSender() {
        Object[] items = {1, Thread.currentThread()};
        assertThatThrownBy(() -> Payloads.encode(items, 0, 2, kryo)).isInstanceOf(SerializationException.class);
    }

    @Test
    void outcomesNeverFailToEncode() {
        class Unsendable extends RuntimeException {
            private static final long serialVersionUID = 1L;
            final transient Object keep = null;
            final Thread thread = Thread.currentThread();

            Unsendable() {
                super("holds a thread");
            }
        }
        Object[] outcomes = {
            1, new Failure(new IllegalStateException("plain")), Thread.currentThread(), new Failure(new Unsendable())
        };
        for (Serializer serializer : List.of(kryo, new JdkSerializer())) {
            ByteSinkHelper sink = new ByteSinkHelper();
            Payloads.encodeOutcomes(sink.sink, outcomes, serializer);
            Object[] back = Payloads.decode(sink.sink.array(), 0, sink.sink.position(), serializer);
            assertThat(back[0]).isEqualTo(1);
            assertThat(((Failure) back[1]).error())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("plain");
            assertThat(((Failure) back[2]).error())
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("java.lang.Thread");
            Throwable standIn = ((Failure) back[3]).error();
            assertThat(standIn.getMessage()).isEqualTo("holds a thread");
            if (standIn instanceof SerializedThrowable s) {
                assertThat(s.originalClassName()).endsWith("Unsendable");
            }
        }
    }

    /** Holds a sink; ByteSink is package-private, like this test. */
    private static final class ByteSinkHelper {
        final ByteSink sink = new ByteSink(16);
    }

    @Test
    void onlyFunctionsThatCannotChangeAreSerializedOnce() {
        int factor = 3;
        SerializableFunction<Integer, Integer> capturesAnInt = x -> x * factor;
        SerializableFunction<Integer, Integer> capturesNothing = x -> x + 1;
        List<Integer> list = new ArrayList<>();
        SerializableFunction<Integer, Integer> capturesAList = x -> list.size();
        assertThat(FunctionRef.isImmutable(capturesAnInt.getClass())).isTrue();
        assertThat(FunctionRef.isImmutable(capturesNothing.getClass())).isTrue();
        assertThat(FunctionRef.isImmutable(capturesAList.getClass())).isFalse();
        FunctionRef.Cache cache = new FunctionRef.Cache();
        assertThat(cache.refFor(capturesAnInt, kryo)).isSameAs(cache.refFor(capturesAnInt, kryo));
        assertThat(cache.refFor(capturesAList, kryo)).isNotSameAs(cache.refFor(capturesAList, kryo));
    }

    @Test
    void functionSlotsReuseTheLeastRecentlyUsed() {
        FunctionSlots slots = new FunctionSlots();
        int first = slots.slotFor(1);
        assertThat(slots.defined).isFalse();
        assertThat(slots.slotFor(1)).isEqualTo(first);
        assertThat(slots.defined).isTrue();
        for (long id = 2; id <= Frames.FUNCTION_SLOTS; id++) {
            slots.slotFor(id);
            assertThat(slots.defined).isFalse();
        }
        slots.slotFor(1);
        assertThat(slots.defined).isTrue();
        slots.slotFor(100);
        assertThat(slots.defined).isFalse();
        slots.slotFor(2);
        assertThat(slots.defined)
                .as("id 2 was the least recently used and gave its slot to 100")
                .isFalse();
    }

    @Test
    void framesArriveWholeHoweverTheBytesAreSplit() throws Exception {
        Pipe pipe = Pipe.open();
        ByteSink sink = new ByteSink(16);
        byte[] big = new byte[300_000];
        Arrays.fill(big, (byte) 7);
        int a = Frames.begin(sink, Frames.RESULT);
        sink.putBytes(big);
        Frames.end(sink, a);
        int b = Frames.begin(sink, Frames.READY);
        Frames.end(sink, b);
        byte[] all = Arrays.copyOf(sink.array(), sink.position());
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < all.length; i += 1000) {
                    pipe.sink().write(ByteBuffer.wrap(all, i, Math.min(1000, all.length - i)));
                }
                pipe.sink().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.start();
        Frames.Reader reader = new Frames.Reader(pipe.source());
        assertThat(reader.next()).isTrue();
        assertThat(reader.type).isEqualTo(Frames.RESULT);
        assertThat(reader.bodyLength).isEqualTo(big.length);
        assertThat(reader.array[reader.bodyOffset + 299_999]).isEqualTo((byte) 7);
        assertThat(reader.next()).isTrue();
        assertThat(reader.type).isEqualTo(Frames.READY);
        assertThat(reader.next()).isFalse();
        writer.join(TimeUnit.SECONDS.toMillis(60));
    }

    @Test
    void aFrameLengthOutOfRangeIsAProtocolError() throws Exception {
        Pipe pipe = Pipe.open();
        ByteBuffer bad = ByteBuffer.allocate(5)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(-5)
                .put((byte) 1)
                .flip();
        pipe.sink().write(bad);
        pipe.sink().close();
        assertThatThrownBy(() -> new Frames.Reader(pipe.source()).next()).isInstanceOf(Frames.ProtocolException.class);
    }
}
