package io.multiprocess.managers;

import java.io.IOException;
import java.util.Iterator;
import java.util.stream.IntStream;

/** Python's MathsClass, with a few more methods for the tests. */
public class MathsClass implements Maths {

    @Override
    public int add(int x, int y) {
        return x + y;
    }

    @Override
    public int mul(int x, int y) {
        return x * y;
    }

    @Override
    public int secret() {
        return 42;
    }

    @Override
    public Counter counter(int start) {
        return new SimpleCounter(start);
    }

    @Override
    public void check(int value) throws IOException {
        if (value < 0) {
            throw new IOException("negative: " + value);
        }
        if (value == 0) {
            throw new IllegalArgumentException("zero");
        }
    }

    @Override
    public Iterator<Integer> upTo(int n) {
        return IntStream.range(0, n).iterator();
    }

    /** A class without an interface, called by name. */
    public String shout(String text) {
        return text.toUpperCase();
    }

    /** A counter served on its own. */
    public static final class SimpleCounter implements Counter {
        private int value;

        SimpleCounter(int start) {
            value = start;
        }

        @Override
        public synchronized int next() {
            return value++;
        }
    }
}
