package io.multiprocess.benchmarks;

import io.multiprocess.sharedmemory.SharedMemory;
import java.util.Arrays;

/**
 * Writing a whole 256 MiB shared-memory block from a byte array ({@code shm.buf()[:] = data} in
 * Python). Two cases: into a block that was written before (the copy itself), and into a fresh block
 * (which adds the kernel's allocation and mapping of every page, about 4 us per 4 KiB page on the CI
 * virtual machines, the same for both languages).
 */
final class SharedMemoryWrite implements BenchmarkCase {

    private static final int SIZE = 256 << 20;

    private final boolean fresh;
    private final int runs;

    SharedMemoryWrite(boolean fresh, int runs) {
        this.fresh = fresh;
        this.runs = runs;
    }

    @Override
    public String name() {
        return "shared memory: write 256 MiB " + (fresh ? "into a fresh block" : "into a block (rewrite)");
    }

    @Override
    public String unit() {
        return "GB/s";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double measureJava() throws Exception {
        byte[] data = new byte[SIZE];
        Arrays.fill(data, (byte) 7);
        if (fresh) {
            return Medians.of(1, runs, () -> {
                SharedMemory block = SharedMemory.create(SIZE);
                try {
                    return write(block, data);
                } finally {
                    block.close();
                    block.unlink();
                }
            });
        }
        SharedMemory block = SharedMemory.create(SIZE);
        try {
            return Medians.of(1, runs, () -> write(block, data));
        } finally {
            block.close();
            block.unlink();
        }
    }

    private static double write(SharedMemory block, byte[] data) {
        long start = System.nanoTime();
        block.write(0, data);
        return SIZE / 1e9 / ((System.nanoTime() - start) / 1e9);
    }

    @Override
    public String pythonCase() {
        return fresh ? "shm_write_fresh" : "shm_write";
    }
}
