package io.multiprocess.sample;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.zip.Deflater;

/**
 * The real work of a batch: a document is generated from its seed (so that only the seed travels to a
 * worker), compressed at the best (slowest) DEFLATE level and hashed with SHA-256. CPU-bound and
 * allocation-heavy: in worker processes each document's garbage is collected by its own worker's heap.
 */
final class Documents {

    private static final String[] WORDS = ("process pool queue pipe lock value array manager proxy worker child "
                    + "parent spawn fork server tracker segment memory heap thread kernel signal socket frame chunk result "
                    + "timeout error lambda kryo spring batch tile digest deflate hash")
            .split(" ");

    private Documents() {}

    /**
     * Generates document {@code spec} and digests it.
     *
     * @param spec which document
     * @return its digest, with the pid of the process that computed it
     */
    static DocumentDigest digest(DocumentSpec spec) {
        long start = System.nanoTime();
        byte[] text = generate(spec.seed(), spec.kilobytes() * 1024);
        byte[] compressed = deflate(text);
        String sha256 = sha256(text);
        return new DocumentDigest(
                spec.index(),
                sha256,
                text.length,
                compressed.length,
                ProcessHandle.current().pid(),
                (System.nanoTime() - start) / 1_000_000);
    }

    static byte[] generate(long seed, int bytes) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder(bytes + 16);
        while (text.length() < bytes) {
            text.append(WORDS[random.nextInt(WORDS.length)]);
            text.append(random.nextInt(12) == 0 ? ".\n" : " ");
            if (random.nextInt(9) == 0) {
                text.append(random.nextInt(100_000));
                text.append(' ');
            }
        }
        text.setLength(bytes);
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] deflate(byte[] input) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(input);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 3);
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static String sha256(byte[] input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
