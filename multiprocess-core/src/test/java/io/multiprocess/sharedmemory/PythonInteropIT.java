package io.multiprocess.sharedmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.testing.CPython;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shared memory between Java and the machine's CPython ({@code python3}): blocks and shareable lists
 * created on one side are read and written on the other. Skipped where python3 is missing.
 *
 * <p>CPython 3.11's {@code SharedMemory(name)} registers the block with its own resource tracker even
 * when it only attaches (gh-82300), which would unlink Java's block when the script ends; the scripts
 * unregister it, as CPython users do.
 */
@ExtendWith(NoLeftoversExtension.class)
class PythonInteropIT {

    @BeforeAll
    static void pythonIsThere() {
        CPython.assumeAvailable("multiprocessing.shared_memory");
    }

    private static List<String> python(String script, List<String> input, String... args) throws Exception {
        return CPython.run(script, input, args);
    }

    @Test
    void pythonAttachesToAJavaBlockAndSeesAndWritesTheSameBytes() throws Exception {
        try (SharedMemory block = SharedMemory.create(4096)) {
            try {
                block.buf().put(0, "from java".getBytes(StandardCharsets.US_ASCII));
                List<String> out = python(
                        String.join(
                                "\n",
                                "shm = attach(sys.argv[1])",
                                "print(bytes(shm.buf[:9]).decode(), shm.size)",
                                "shm.buf[100:106] = b'python'",
                                "shm.close()"),
                        List.of(),
                        block.name());
                assertThat(out).containsExactly("from java 4096");
                byte[] written = new byte[6];
                block.buf().get(100, written);
                assertThat(new String(written, StandardCharsets.US_ASCII)).isEqualTo("python");
            } finally {
                block.unlink();
            }
        }
    }

    @Test
    void pythonReadsAndWritesAJavaShareableList() throws Exception {
        ShareableList list =
                new ShareableList(Arrays.asList(42, 2.5, true, "héllo wörld", new byte[] {1, 2}, null, "ok"));
        try {
            List<String> out = python(
                    String.join(
                            "\n",
                            "sl = attach_list(sys.argv[1])",
                            "print(json.dumps([v.hex() if isinstance(v, bytes) else v for v in sl]))",
                            "print(sl.format)",
                            "sl[0] = -7",
                            "sl[6] = 'py'",
                            "sl[5] = 0.5",
                            "sl.shm.close()"),
                    List.of(),
                    list.shm().name());
            assertThat(out.get(0)).isEqualTo("[42, 2.5, true, \"h\\u00e9llo w\\u00f6rld\", \"0102\", null, \"ok\"]");
            assertThat(out.get(1)).isEqualTo("qdxxxxxxx?16s8sxxxxxx?x8s");
            assertThat(list.get(0)).isEqualTo(-7L);
            assertThat(list.get(6)).isEqualTo("py");
            assertThat(list.get(5)).isEqualTo(0.5);
        } finally {
            list.close();
            list.shm().unlink();
        }
    }

    @Test
    void javaReadsAndWritesWhatPythonCreated() throws Exception {
        String script = String.join(
                "\n",
                "shm = shared_memory.SharedMemory(create=True, size=1000)",
                "shm.buf[:6] = b'python'",
                "sl = shared_memory.ShareableList([7, 1.25, False, 'naïve', b'\\x00\\x01', None])",
                "print(shm.name)",
                "print(sl.shm.name)",
                "sys.stdout.flush()",
                "sys.stdin.readline()",
                "print(bytes(shm.buf[6:10]).decode())",
                "print(json.dumps([v.hex() if isinstance(v, bytes) else v for v in sl]))",
                "shm.close(); shm.unlink(); sl.shm.close(); sl.shm.unlink()");
        Process python = new ProcessBuilder("python3", "-c", CPython.PRELUDE + script)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
                OutputStream in = python.getOutputStream()) {
            String blockName = out.readLine();
            String listName = out.readLine();
            try (SharedMemory block = SharedMemory.attach(blockName);
                    ShareableList list = ShareableList.attach(listName)) {
                byte[] bytes = new byte[6];
                block.buf().get(0, bytes);
                assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("python");
                assertThat(block.size()).isEqualTo(1000);
                block.buf().put(6, "java".getBytes(StandardCharsets.US_ASCII));
                assertThat(list.subList(0, 4)).containsExactly(7L, 1.25, false, "naïve");
                assertThat((byte[]) list.get(4)).containsExactly(0, 1);
                assertThat(list.get(5)).isNull();
                list.set(2, true);
                list.set(3, "java");
                list.set(5, 99);
            }
            in.write('\n');
            in.flush();
            assertThat(out.readLine()).isEqualTo("java");
            assertThat(out.readLine()).isEqualTo("[7, 1.25, true, \"java\", \"0001\", 99]");
        }
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).isZero();
    }

    @Test
    void namesWithAnyCharacterCPythonAcceptsWorkBothWays() throws Exception {
        String name = "psm:java@" + ProcessHandle.current().pid() + "+" + System.nanoTime();
        try (SharedMemory block = SharedMemory.create("/" + name, 64)) {
            try {
                assertThat(block.name()).isEqualTo(name);
                block.buf().put(0, (byte) 42);
                List<String> out = python(
                        String.join(
                                "\n",
                                "# CPython 3.11's own tracker cannot parse names with ':' (its messages are ':'-separated)",
                                "resource_tracker.register = lambda *args: None",
                                "shm = shared_memory.SharedMemory(sys.argv[1])",
                                "print(shm.buf[0])",
                                "shm.close()"),
                        List.of(),
                        name);
                assertThat(out).containsExactly("42");
            } finally {
                block.unlink();
            }
        }
        assertThat(Path.of("/dev/shm", name)).doesNotExist();
        assertThatThrownBy(() -> SharedMemory.create("a/b", 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SharedMemory.create("..", 64)).isInstanceOf(IllegalArgumentException.class);
    }
}
