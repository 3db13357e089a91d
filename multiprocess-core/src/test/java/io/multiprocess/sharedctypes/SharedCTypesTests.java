package io.multiprocess.sharedctypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.ProcessStateException;
import io.multiprocess.StartMethod;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.internal.shm.NativeCopy;
import io.multiprocess.serialization.JdkSerializer;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.synchronize.ProcessLock;
import io.multiprocess.synchronize.ReentrantProcessLock;
import io.multiprocess.testing.NoLeftoversExtension;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Shared values and arrays within one JVM: types, locks, conversions, helpers. */
@ExtendWith(NoLeftoversExtension.class)
class SharedCTypesTests {

    private final ProcessContext ctx = ProcessContext.of(StartMethod.SPAWN);

    @Test
    void everyTypeHasItsAccessorsAndPythonsTypeCodes() {
        assertThat(TypeCode.of("q")).isEqualTo(TypeCode.LONG);
        assertThat(TypeCode.of("l")).isEqualTo(TypeCode.LONG);
        assertThat(TypeCode.of(double.class)).isEqualTo(TypeCode.DOUBLE);
        assertThat(TypeCode.of(Integer.class)).isEqualTo(TypeCode.INT);
        assertThat(TypeCode.of("I")).isEqualTo(TypeCode.UNSIGNED_INT);
        assertThat(TypeCode.of("Q")).isEqualTo(TypeCode.UNSIGNED_LONG);
        assertThatThrownBy(() -> TypeCode.of("z")).isInstanceOf(IllegalArgumentException.class);
        SharedValue b = ctx.value("b", 1);
        SharedValue c = ctx.value("c", 'x');
        SharedValue h = ctx.value("h", 3);
        SharedValue i = ctx.value("i", 4);
        SharedValue l = ctx.value("l", 5L);
        SharedValue f = ctx.value("f", 1.5f);
        SharedValue d = ctx.value("d", 2.5);
        SharedValue z = ctx.value("?", true);
        try {
            b.setByte((byte) -7);
            c.setChar('y');
            h.setShort((short) 300);
            i.setInt(i.getInt() + 1);
            l.setLong(Long.MAX_VALUE);
            f.setFloat(f.getFloat() * 2);
            d.setDouble(d.getDouble() * 2);
            z.setBoolean(!z.getBoolean());
            assertThat(List.of(
                            b.getByte(),
                            c.getChar(),
                            h.getShort(),
                            i.getInt(),
                            l.getLong(),
                            f.getFloat(),
                            d.getDouble(),
                            z.getBoolean()))
                    .containsExactly((byte) -7, 'y', (short) 300, 5, Long.MAX_VALUE, 3.0f, 5.0, false);
            assertThat(d.get()).isEqualTo(5.0);
            d.set(7);
            assertThat(d.getDouble()).isEqualTo(7.0);
            assertThatThrownBy(d::getInt).isInstanceOf(ClassCastException.class).hasMessageContaining("getDouble");
            assertThatThrownBy(() -> i.set("seven")).isInstanceOf(IllegalArgumentException.class);
        } finally {
            z.unlink();
            d.unlink();
            f.unlink();
            l.unlink();
            i.unlink();
            h.unlink();
            c.unlink();
            b.unlink();
        }
    }

    @Test
    void valuesHaveTheirOwnReentrantLockAGivenLockOrNone() {
        ProcessLock shared = ctx.lock();
        SharedValue locked = ctx.value(TypeCode.INT, 0);
        SharedValue withShared = ctx.value(TypeCode.INT, 0, shared);
        SharedValue raw = ctx.rawValue(TypeCode.INT, 0);
        try {
            assertThat(locked.getLock()).isInstanceOf(ReentrantProcessLock.class);
            locked.getLock().lock();
            locked.getLock().lock();
            locked.setInt(locked.getInt() + 1);
            locked.getLock().unlock();
            locked.getLock().unlock();
            assertThat(withShared.getLock()).isSameAs(shared);
            assertThat(raw.hasLock()).isFalse();
            assertThatThrownBy(raw::getLock)
                    .isInstanceOf(ProcessStateException.class)
                    .hasMessageContaining("synchronize");
            SharedValue synced = SharedCTypes.synchronize(raw, null);
            assertThat(synced.getLock()).isInstanceOf(ReentrantProcessLock.class);
            synced.setInt(9);
            assertThat(raw.getInt()).isEqualTo(9);
            SharedValue copy = SharedCTypes.copy(raw);
            try {
                raw.setInt(10);
                assertThat(copy.getInt()).isEqualTo(9);
                assertThat(copy.hasLock()).isFalse();
            } finally {
                copy.unlink();
            }
        } finally {
            raw.unlink();
            withShared.unlink();
            locked.unlink();
            shared.unlink();
        }
    }

    @Test
    void arraysAreZeroFilledOrInitializedAndCheckTheirBounds() {
        SharedArray zeros = ctx.array(TypeCode.DOUBLE, 4);
        SharedArray ints = ctx.array("i", new int[] {1, 2, 3});
        SharedArray chars = ctx.rawArray(TypeCode.CHAR, "héllo");
        SharedArray longs = ctx.array(TypeCode.LONG, List.of(1, 2L));
        try {
            assertThat((double[]) zeros.toArray()).containsExactly(0, 0, 0, 0);
            zeros.setDouble(3, 0.5);
            assertThat(zeros.getDouble(3)).isEqualTo(0.5);
            assertThat(ints.length()).isEqualTo(3);
            ints.setInt(0, ints.getInt(0) + ints.getInt(2));
            assertThat((int[]) ints.toArray()).containsExactly(4, 2, 3);
            ints.setAll(new long[] {7, 8, 9});
            assertThat(ints.toList()).containsExactly(7, 8, 9);
            assertThat(new String((char[]) chars.toArray())).isEqualTo("héllo");
            assertThat(longs.getLong(1)).isEqualTo(2L);
            assertThatThrownBy(() -> ints.getInt(3)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> ints.getLong(0)).isInstanceOf(ClassCastException.class);
            assertThatThrownBy(() -> ints.setAll(new int[2])).isInstanceOf(IllegalArgumentException.class);
            assertThat(chars.hasLock()).isFalse();
            SharedArray copy = SharedCTypes.copy(ints);
            try {
                assertThat(copy.toList()).containsExactly(7, 8, 9);
            } finally {
                copy.unlink();
            }
        } finally {
            longs.unlink();
            chars.unlink();
            ints.unlink();
            zeros.unlink();
        }
    }

    @Test
    void primitiveArraysAreCopiedInBulkElementForElementForEveryType() {
        int n = NativeCopy.THRESHOLD + 3; // a BYTE array of this length goes through memmove
        byte[] bytes = new byte[n];
        new Random(5).nextBytes(bytes);
        SharedArray b = ctx.rawArray(TypeCode.BYTE, bytes);
        SharedArray c = ctx.rawArray(TypeCode.CHAR, 3);
        SharedArray h = ctx.rawArray(TypeCode.SHORT, 3);
        SharedArray i = ctx.array(TypeCode.INT, 3);
        SharedArray l = ctx.rawArray(TypeCode.LONG, 3);
        SharedArray f = ctx.rawArray(TypeCode.FLOAT, 3);
        SharedArray d = ctx.rawArray(TypeCode.DOUBLE, new double[] {0.25, -1e300, Double.NaN});
        try {
            assertThat(b.getByte(0)).isEqualTo(bytes[0]);
            assertThat(b.getByte(n - 1)).isEqualTo(bytes[n - 1]);
            assertThat((byte[]) b.toArray()).isEqualTo(bytes);
            bytes[n / 2]++;
            b.setAll(bytes);
            assertThat(b.getByte(n / 2)).isEqualTo(bytes[n / 2]);
            c.setAll(new char[] {'a', 'é', '\u00ff'});
            assertThat(c.getChar(1)).isEqualTo('é');
            assertThat((char[]) c.toArray()).containsExactly('a', 'é', '\u00ff');
            h.setAll(new short[] {-1, Short.MAX_VALUE, 3});
            assertThat(h.getShort(1)).isEqualTo(Short.MAX_VALUE);
            assertThat((short[]) h.toArray()).containsExactly((short) -1, Short.MAX_VALUE, (short) 3);
            i.setAll(new int[] {Integer.MIN_VALUE, 0, 42});
            assertThat(i.getInt(2)).isEqualTo(42);
            assertThat((int[]) i.toArray()).containsExactly(Integer.MIN_VALUE, 0, 42);
            l.setAll(new long[] {Long.MIN_VALUE, 1L << 40, -5});
            assertThat(l.getLong(1)).isEqualTo(1L << 40);
            assertThat((long[]) l.toArray()).containsExactly(Long.MIN_VALUE, 1L << 40, -5);
            f.setAll(new float[] {1.5f, -0f, Float.MAX_VALUE});
            assertThat(f.getFloat(2)).isEqualTo(Float.MAX_VALUE);
            assertThat((float[]) f.toArray()).containsExactly(1.5f, -0f, Float.MAX_VALUE);
            assertThat(d.getDouble(1)).isEqualTo(-1e300);
            assertThat((double[]) d.toArray()).containsExactly(0.25, -1e300, Double.NaN);
            assertThatThrownBy(() -> i.setAll(new int[4]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("length 3");
        } finally {
            d.unlink();
            f.unlink();
            l.unlink();
            i.unlink();
            h.unlink();
            c.unlink();
            b.unlink();
        }
    }

    @Test
    void valuesAndArraysTravelAsTheirSegmentAndKeepTheirLock() {
        SharedValue value = ctx.value(TypeCode.LONG, 42);
        SharedArray array = ctx.array(TypeCode.INT, 3);
        try {
            for (var serializer : List.of(new KryoSerializer(), new JdkSerializer())) {
                SharedValue copy = (SharedValue) serializer.deserialize(serializer.serialize(value));
                assertThat(copy.getLong()).isEqualTo(42);
                assertThat(copy.getLock()).isSameAs(value.getLock());
                copy.setLong(43);
                assertThat(value.getLong()).isEqualTo(43);
                value.setLong(42);
                SharedArray arrayCopy = (SharedArray) serializer.deserialize(serializer.serialize(array));
                arrayCopy.setInt(2, 5);
                assertThat(array.getInt(2)).isEqualTo(5);
                assertThat(arrayCopy.getLock()).isSameAs(array.getLock());
            }
        } finally {
            array.unlink();
            value.unlink();
        }
    }
}
