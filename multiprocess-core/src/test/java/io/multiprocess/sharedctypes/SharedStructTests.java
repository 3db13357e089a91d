package io.multiprocess.sharedctypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.ProcessStateException;
import io.multiprocess.StartMethod;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.serialization.JdkSerializer;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.synchronize.Held;
import io.multiprocess.testing.NoLeftoversExtension;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Structures, unsigned and character codes, raw views and held locks of shared ctypes. */
@ExtendWith(NoLeftoversExtension.class)
class SharedStructTests {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final ProcessContext ctx = ProcessContext.of(StartMethod.SPAWN);

    record Point(double x, double y) {}

    record Packed(byte a, int b, byte c, long d, char e, boolean f) {}

    record Outer(byte tag, Point point, short tail) {}

    record WithText(String name) {}

    record Loop(int n, Loop next) {}

    @Test
    void recordsAreLaidOutByCsAlignmentRules() {
        StructLayout<Packed> packed = StructLayout.of(Packed.class);
        assertThat(List.of("a", "b", "c", "d", "e", "f").stream().map(packed::offsetOf))
                .containsExactly(0, 4, 8, 16, 24, 26);
        assertThat(packed.size()).isEqualTo(32);
        StructLayout<Outer> outer = StructLayout.of(Outer.class);
        assertThat(List.of(outer.offsetOf("tag"), outer.offsetOf("point"), outer.offsetOf("tail")))
                .containsExactly(0, 8, 24);
        assertThat(outer.size()).isEqualTo(32);
        assertThatThrownBy(() -> StructLayout.of(WithText.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WithText.name is a java.lang.String");
        assertThatThrownBy(() -> StructLayout.of(Loop.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contains itself");
    }

    @Test
    void aChildProcessUpdatesAnArrayOfPointsUnderItsLock() {
        SharedStructArray<Point> points = ctx.array(Point.class, List.of(new Point(1.875, -6.25), new Point(-5.75, 2)));
        SharedStruct<Outer> outer = ctx.value(Outer.class, null);
        try {
            assertThat(outer.get()).isEqualTo(new Outer((byte) 0, new Point(0, 0), (short) 0));
            ChildProcess child = ctx.process(
                    (a, o) -> {
                        try (Held held = a.hold()) {
                            for (int i = 0; i < a.length(); i++) {
                                Point p = a.get(i);
                                a.set(i, new Point(p.x() * p.x(), p.y() * p.y()));
                            }
                        }
                        o.set(new Outer((byte) 7, new Point(1, 2), (short) -1));
                    },
                    points,
                    outer);
            child.start();
            assertThat(child.join(LIMIT)).isTrue();
            assertThat(child.exitCode()).hasValue(0);
            assertThat(points.toList()).containsExactly(new Point(3.515625, 39.0625), new Point(33.0625, 4.0));
            assertThat(outer.get()).isEqualTo(new Outer((byte) 7, new Point(1, 2), (short) -1));
            assertThat(points.getObj().hasLock()).isFalse();
            assertThat(points.getObj().get(1)).isEqualTo(points.get(1));
            for (var serializer : List.of(new KryoSerializer(), new JdkSerializer())) {
                @SuppressWarnings("unchecked")
                SharedStructArray<Point> copy =
                        (SharedStructArray<Point>) serializer.deserialize(serializer.serialize(points));
                copy.set(0, new Point(-1, -1));
                assertThat(points.get(0)).isEqualTo(new Point(-1, -1));
            }
            assertThatThrownBy(() -> points.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> points.setAll(List.of())).isInstanceOf(IllegalArgumentException.class);
        } finally {
            points.unlink();
            outer.unlink();
        }
    }

    @Test
    void unsignedAndCharacterCodesRefuseWhatTheyCannotHold() {
        SharedValue ubyte = ctx.value("B", 255);
        SharedValue ulong = ctx.value("Q", 0);
        SharedValue c = ctx.value("c", 'é');
        SharedValue u = ctx.rawValue(TypeCode.WCHAR, "𝄞");
        try {
            assertThat(TypeCode.CHAR.size()).isEqualTo(1);
            assertThat(TypeCode.WCHAR.size()).isEqualTo(4);
            assertThat(ubyte.get()).isEqualTo(255);
            assertThatThrownBy(() -> ubyte.set(256))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("0 to 255");
            assertThatThrownBy(() -> ubyte.setInt(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(ubyte.getInt()).isEqualTo(255);
            ulong.setLong(-1L);
            assertThat(ulong.get()).isEqualTo(new BigInteger("18446744073709551615"));
            assertThatThrownBy(() -> ulong.set(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ulong.set(BigInteger.ONE.shiftLeft(64)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(c.getChar()).isEqualTo('é');
            assertThatThrownBy(() -> c.setChar('€'))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("WCHAR");
            assertThat(u.get()).isEqualTo("𝄞");
            assertThat(u.getInt()).isEqualTo(0x1D11E);
            assertThatThrownBy(u::getLong)
                    .isInstanceOf(ClassCastException.class)
                    .hasMessageContaining("getInt");
            assertThatThrownBy(u::hold).isInstanceOf(ProcessStateException.class);
            try (Held held = ubyte.hold()) {
                assertThat(ubyte.getLock().isHeldByCurrentThread()).isTrue();
            }
            assertThat(ubyte.getLock().isHeldByCurrentThread()).isFalse();
            assertThat(ubyte.getObj().hasLock()).isFalse();
            assertThat(ubyte.getObj().name()).isEqualTo(ubyte.name());
        } finally {
            ubyte.unlink();
            ulong.unlink();
            c.unlink();
            u.unlink();
        }
    }

    @Test
    void characterArraysHavePythonsValueAndRaw() {
        SharedArray bytes = ctx.array("c", 8);
        SharedArray text = ctx.array("u", "wide €");
        try {
            bytes.setValue("hi".getBytes(StandardCharsets.US_ASCII));
            assertThat(bytes.getValue()).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
            assertThat(bytes.getRaw()).hasSize(8);
            bytes.setString("naïve");
            assertThat(bytes.getString()).isEqualTo("naïve");
            assertThatThrownBy(() -> bytes.setValue(new byte[9]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("do not fit");
            assertThat(text.length()).isEqualTo(6);
            assertThat(text.getString()).isEqualTo("wide €");
            assertThat((int[]) text.toArray()).startsWith('w', 'i');
            text.setString("ok");
            assertThat(text.getString()).isEqualTo("ok");
            assertThatThrownBy(text::getRaw).isInstanceOf(ClassCastException.class);
        } finally {
            bytes.unlink();
            text.unlink();
        }
    }
}
