package io.multiprocess.managers;

import java.io.IOException;
import java.util.Iterator;

/** The interface of Python's MathsClass example, as a proxy type. */
public interface Maths {

    int add(int x, int y);

    int mul(int x, int y);

    /** Not exposed by the registration that lists only add and mul. */
    int secret();

    /** Served as another type through methodToTypeId. */
    Counter counter(int start);

    /** Throws a checked exception the interface declares. */
    void check(int value) throws IOException;

    /** Counts. */
    interface Counter {
        int next();
    }

    /** Served as an iterator through methodToTypeId. */
    Iterator<Integer> upTo(int n);
}
