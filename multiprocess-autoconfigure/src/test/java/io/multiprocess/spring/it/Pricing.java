package io.multiprocess.spring.it;

import io.multiprocess.spring.parallel.ParallelMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/** A service whose @ParallelMap methods run in the pool's workers, with injected collaborators. */
@Service
public class Pricing {

    private final PricingProperties properties;
    private final TaxRules taxRules;

    Pricing(PricingProperties properties, TaxRules taxRules) {
        this.properties = properties;
        this.taxRules = taxRules;
    }

    /**
     * Quotes prices, three per chunk.
     *
     * @param cents the amounts
     * @return a quote per amount, in order
     */
    @ParallelMap(chunksize = 3)
    public List<Quote> quote(List<Integer> cents) {
        long pid = ProcessHandle.current().pid();
        List<Quote> quotes = new ArrayList<>();
        for (int amount : cents) {
            long marked = amount + amount * properties.markupPercent() / 100;
            quotes.add(new Quote(amount, marked + taxRules.tax(marked), properties.currency(), pid));
        }
        return quotes;
    }

    /**
     * The pid of the process that handles each item, from an array.
     *
     * @param items any numbers
     * @return one pid per item
     */
    @ParallelMap(chunksize = 2)
    public long[] pids(int[] items) {
        long[] pids = new long[items.length];
        Arrays.fill(pids, ProcessHandle.current().pid());
        return pids;
    }

    /**
     * Squares, in the order the chunks finish.
     *
     * @param items numbers
     * @return their squares
     */
    @ParallelMap(chunksize = 1, ordered = false)
    public Iterable<Integer> squaresAsTheyCome(Iterable<Integer> items) {
        List<Integer> squares = new ArrayList<>();
        items.forEach(i -> squares.add(i * i));
        return squares;
    }

    /**
     * Writes one file per item into {@code dir}.
     *
     * @param names file names
     * @param dir   where to write
     */
    @ParallelMap(chunksize = 2)
    public void touch(Set<String> names, String dir) {
        for (String name : names) {
            try {
                Files.writeString(
                        Path.of(dir, name),
                        Long.toString(ProcessHandle.current().pid()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Fails on one item.
     *
     * @param items numbers
     * @param bad   the one that fails
     * @return the numbers
     */
    @ParallelMap(chunksize = 2)
    public List<Integer> failOn(List<Integer> items, int bad) {
        for (int item : items) {
            if (item == bad) {
                throw new IllegalArgumentException("bad item " + bad);
            }
        }
        return items;
    }

    /**
     * Always fails with a checked exception it declares.
     *
     * @param items anything
     * @return never
     * @throws IOException always
     */
    @ParallelMap
    public List<Integer> unreadable(List<Integer> items) throws IOException {
        throw new IOException("cannot read " + items.size() + " items");
    }

    /**
     * Takes longer than its timeout.
     *
     * @param items anything
     * @return never in time
     */
    @ParallelMap(timeout = "${pricing.slow-timeout:1s}")
    public List<Integer> slow(List<Integer> items) {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return items;
    }
}
