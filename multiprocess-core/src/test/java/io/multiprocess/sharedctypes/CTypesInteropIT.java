package io.multiprocess.sharedctypes;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.StartMethod;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.testing.CPython;
import io.multiprocess.testing.NoLeftoversExtension;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shared values, arrays and structures read and written by CPython's {@code ctypes} at the documented
 * offset of the same segment: the type codes' sizes, signedness and the structures' C layout agree.
 * Skipped where python3 is missing.
 */
@ExtendWith(NoLeftoversExtension.class)
class CTypesInteropIT {

    /** ctypes' view of a segment's data, after the lock word. */
    private static final String CTYPES = String.join(
            "\n",
            "import ctypes, os",
            "OFFSET = " + SharedValue.DATA_OFFSET,
            "class Point(ctypes.Structure):",
            "    _fields_ = [('x', ctypes.c_double), ('y', ctypes.c_double)]",
            "class Mixed(ctypes.Structure):",
            "    _fields_ = [('flag', ctypes.c_bool), ('d', ctypes.c_double), ('s', ctypes.c_short),",
            "                ('i', ctypes.c_int), ('inner', Point), ('b', ctypes.c_byte)]",
            "views = []",
            "def at(name, ctype):",
            "    shm = attach(name)",
            "    view = ctype.from_buffer(shm.buf, OFFSET)",
            "    views.append(shm)",
            "    return view",
            "def done():",
            "    sys.stdout.flush()",
            "    os._exit(0)  # the ctypes views still export the buffers: skip SharedMemory.__del__",
            "");

    private final ProcessContext ctx = ProcessContext.of(StartMethod.SPAWN);

    /** A ctypes Structure's twin: C pads {@code flag} to 8, puts {@code inner} at 24 and {@code b} at 40, and pads the whole to 48. */
    record Mixed(boolean flag, double d, short s, int i, Point inner, byte b) {}

    /** The docs' point. */
    record Point(double x, double y) {}

    @BeforeAll
    static void pythonIsThere() {
        CPython.assumeAvailable("multiprocessing.shared_memory, ctypes");
    }

    @Test
    void cpythonReadsAndWritesJavasTypeCodesAtTheirCSizes() throws Exception {
        SharedValue ushort = ctx.value("H", 65535);
        SharedValue ubyte = ctx.value("B", 200);
        SharedValue uint = ctx.value("I", 4_000_000_000L);
        SharedValue ulong = ctx.value("Q", new BigInteger("18446744073709551615"));
        SharedValue clong = ctx.value("l", -5L);
        SharedValue c = ctx.value("c", 'x');
        SharedValue u = ctx.value("u", "€");
        SharedArray bytes = ctx.array("c", "hello".getBytes(StandardCharsets.US_ASCII));
        SharedArray text = ctx.array("u", "héllo €𝄞");
        try {
            List<String> out = CPython.run(
                    CTYPES
                            + String.join(
                                    "\n",
                                    "a = sys.argv[1:]",
                                    "H = at(a[0], ctypes.c_ushort); B = at(a[1], ctypes.c_ubyte)",
                                    "I = at(a[2], ctypes.c_uint); Q = at(a[3], ctypes.c_ulonglong)",
                                    "L = at(a[4], ctypes.c_long); C = at(a[5], ctypes.c_char)",
                                    "U = at(a[6], ctypes.c_wchar)",
                                    "CA = at(a[7], ctypes.c_char * 5); UA = at(a[8], ctypes.c_wchar * 8)",
                                    "print(json.dumps([H.value, B.value, I.value, Q.value, L.value,",
                                    "                  C.value.decode('latin-1'), U.value, CA.value.decode(),",
                                    "                  UA.value]))",
                                    "H.value = 40000; B.value = 255; I.value = 4294967295; Q.value = 2**63 + 1",
                                    "L.value = -(2**40); C.value = b'\\xe9'; U.value = '\\U0001F600'",
                                    "CA.value = b'py'; UA.value = 'ünï'",
                                    "done()"),
                    List.of(),
                    ushort.name(),
                    ubyte.name(),
                    uint.name(),
                    ulong.name(),
                    clong.name(),
                    c.name(),
                    u.name(),
                    bytes.name(),
                    text.name());
            assertThat(out)
                    .containsExactly("[65535, 200, 4000000000, 18446744073709551615, -5, \"x\", \"\\u20ac\","
                            + " \"hello\", \"h\\u00e9llo \\u20ac\\ud834\\udd1e\"]");
            assertThat(ushort.get()).isEqualTo(40000);
            assertThat(ubyte.getInt()).isEqualTo(255);
            assertThat(uint.getLong()).isEqualTo(4294967295L);
            assertThat(ulong.get()).isEqualTo(BigInteger.ONE.shiftLeft(63).add(BigInteger.ONE));
            assertThat(clong.getLong()).isEqualTo(-(1L << 40));
            assertThat(c.getChar()).isEqualTo('é');
            assertThat(u.get()).isEqualTo("😀");
            assertThat(bytes.getValue()).isEqualTo("py".getBytes(StandardCharsets.US_ASCII));
            assertThat(bytes.getRaw()).isEqualTo("py\0lo".getBytes(StandardCharsets.US_ASCII));
            assertThat(text.getString()).isEqualTo("ünï");
        } finally {
            for (SharedValue value : List.of(ushort, ubyte, uint, ulong, clong, c, u)) {
                value.unlink();
            }
            bytes.unlink();
            text.unlink();
        }
    }

    @Test
    void cpythonSeesARecordArrayAsAnArrayOfCtypesStructures() throws Exception {
        SharedStructArray<Point> points = ctx.array(Point.class, List.of(new Point(1.875, -6.25), new Point(-5.75, 2)));
        SharedStruct<Mixed> mixed =
                ctx.value(Mixed.class, new Mixed(true, 2.5, (short) -3, 70_000, new Point(0.5, -0.25), (byte) 9));
        try {
            assertThat(mixed.size()).isEqualTo(48);
            List<String> out = CPython.run(
                    CTYPES
                            + String.join(
                                    "\n",
                                    "P = at(sys.argv[1], Point * 2); M = at(sys.argv[2], Mixed)",
                                    "print(json.dumps([[p.x, p.y] for p in P]))",
                                    "print(json.dumps([M.flag, M.d, M.s, M.i, M.inner.x, M.inner.y, M.b,"
                                            + " ctypes.sizeof(Mixed)]))",
                                    "for p in P:",
                                    "    p.x = p.x * p.x; p.y = p.y * p.y",
                                    "M.flag = False; M.d = -1.0; M.s = 12; M.i = -70000; M.inner.y = 8.0; M.b = -1",
                                    "done()"),
                    List.of(),
                    points.name(),
                    mixed.name());
            assertThat(out)
                    .containsExactly("[[1.875, -6.25], [-5.75, 2.0]]", "[true, 2.5, -3, 70000, 0.5, -0.25, 9, 48]");
            assertThat(points.toList()).containsExactly(new Point(3.515625, 39.0625), new Point(33.0625, 4.0));
            assertThat(mixed.get())
                    .isEqualTo(new Mixed(false, -1.0, (short) 12, -70_000, new Point(0.5, 8.0), (byte) -1));
        } finally {
            points.unlink();
            mixed.unlink();
        }
    }
}
