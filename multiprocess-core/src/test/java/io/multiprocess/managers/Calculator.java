package io.multiprocess.managers;

/** A served class without any interface: proxies call it by name. */
public class Calculator {

    private long total;

    public synchronized long addToTotal(long value) {
        total += value;
        return total;
    }

    public long addToTotal(int a, int b) {
        return addToTotal((long) a + b);
    }

    public String describe(Object value) {
        return "object " + value;
    }

    public String describe(String value) {
        return "string " + value;
    }
}
