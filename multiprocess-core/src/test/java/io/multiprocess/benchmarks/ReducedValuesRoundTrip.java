package io.multiprocess.benchmarks;

import io.multiprocess.serialization.Reduction;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Reduction.loads(Reduction.dumps(values))} of 100 objects of a class with a registered reduction
 * (to a string and back): the cost of custom serialization per class. CPython's twin registers a reducer
 * with {@code ForkingPickler.register} and round-trips through {@code ForkingPickler.dumps/loads}.
 */
final class ReducedValuesRoundTrip implements BenchmarkCase {

    private final int iterations;

    ReducedValuesRoundTrip(int iterations) {
        this.iterations = iterations;
    }

    /** A money amount that travels as {@code "1250 EUR"}. */
    static final class Money {
        final long cents;
        final String currency;

        Money(long cents, String currency) {
            this.cents = cents;
            this.currency = currency;
        }

        static String format(Money money) {
            return money.cents + " " + money.currency;
        }

        static Money parse(String text) {
            int space = text.indexOf(' ');
            return new Money(Long.parseLong(text.substring(0, space)), text.substring(space + 1));
        }
    }

    @Override
    public String name() {
        return "reduction: dumps+loads of 100 registered-class objects";
    }

    @Override
    public String unit() {
        return "us";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double measureJava() throws Exception {
        Reduction.register(Money.class, Money::format, Money::parse);
        try {
            List<Money> values = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                values.add(new Money(i * 101L, i % 2 == 0 ? "EUR" : "USD"));
            }
            return Medians.of(3, 7, () -> {
                long start = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    if (((List<?>) Reduction.loads(Reduction.dumps(values))).size() != 100) {
                        throw new IllegalStateException("lost values");
                    }
                }
                return (System.nanoTime() - start) / 1e3 / iterations;
            });
        } finally {
            Reduction.unregister(Money.class);
        }
    }

    @Override
    public String pythonCase() {
        return "reduced_dumps_loads";
    }
}
