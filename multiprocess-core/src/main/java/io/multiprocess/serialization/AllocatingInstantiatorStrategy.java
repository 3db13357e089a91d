package io.multiprocess.serialization;

import org.objenesis.instantiator.ObjectInstantiator;
import org.objenesis.instantiator.sun.UnsafeFactoryInstantiator;
import org.objenesis.instantiator.util.UnsafeUtils;
import org.objenesis.strategy.InstantiatorStrategy;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Creates instances of classes without a no-argument constructor the way Java serialization does for a
 * class whose first non-serializable ancestor is {@code Object}: no constructor of the class runs. It
 * allocates them directly ({@code Unsafe.allocateInstance}) where Objenesis's standard strategy would make
 * a serialization constructor: the same result, without generating a constructor-accessor class per type,
 * which costs a fresh JVM 2 to 4 ms for each class it receives first. Falls back to the standard strategy
 * when direct allocation is not available.
 */
final class AllocatingInstantiatorStrategy implements InstantiatorStrategy {

    private static final boolean ALLOCATION_AVAILABLE = allocationAvailable();

    private final StdInstantiatorStrategy fallback = new StdInstantiatorStrategy();

    @Override
    public <T> ObjectInstantiator<T> newInstantiatorOf(Class<T> type) {
        return ALLOCATION_AVAILABLE ? new UnsafeFactoryInstantiator<>(type) : fallback.newInstantiatorOf(type);
    }

    private static boolean allocationAvailable() {
        try {
            return UnsafeUtils.getUnsafe() != null;
        } catch (RuntimeException | LinkageError unavailable) {
            return false;
        }
    }
}
