package io.multiprocess.managers.server;

import io.multiprocess.function.SerializableFunction;
import java.util.HashMap;
import java.util.Map;

/**
 * The objects a {@link io.multiprocess.managers.SyncManager} serves out of the box (queues, locks,
 * conditions, events, barriers, lists, dicts, values, arrays, namespaces), by type id: the factories its
 * registrations carry to the server, which create the served objects there.
 */
public final class ServedTypes {

    private static final Map<String, SerializableFunction<Object[], ?>> FACTORIES = new HashMap<>();

    static {
        put("Queue", ServedQueue::create);
        put("JoinableQueue", ServedQueue::create);
        put("Event", ServedEvent::create);
        put("Lock", ServedLock::plain);
        put("RLock", ServedLock::reentrant);
        put("Semaphore", ServedSemaphore::plain);
        put("BoundedSemaphore", ServedSemaphore::bounded);
        put("Condition", ServedCondition::create);
        put("Barrier", ServedBarrier::create);
        put("list", ServedList::create);
        put("dict", ServedDict::create);
        put("Value", ServedValue::create);
        put("Array", ServedArray::create);
        put("Namespace", ServedNamespace::create);
    }

    private ServedTypes() {}

    /**
     * The factory of a built-in type: it takes the create call's arguments and returns the object to
     * serve.
     *
     * @param typeId one of {@code Queue}, {@code JoinableQueue}, {@code Event}, {@code Lock}, {@code RLock},
     *               {@code Semaphore}, {@code BoundedSemaphore}, {@code Condition}, {@code Barrier},
     *               {@code list}, {@code dict}, {@code Value}, {@code Array}, {@code Namespace}
     * @return the factory, serializable
     * @throws IllegalArgumentException for another type id
     */
    public static SerializableFunction<Object[], ?> factory(String typeId) {
        SerializableFunction<Object[], ?> factory = FACTORIES.get(typeId);
        if (factory == null) {
            throw new IllegalArgumentException("No built-in served type '" + typeId + "'; there are "
                    + FACTORIES.keySet().stream().sorted().toList());
        }
        return factory;
    }

    private static void put(String typeId, SerializableFunction<Object[], ?> factory) {
        FACTORIES.put(typeId, factory);
    }
}
