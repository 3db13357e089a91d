package io.multiprocess.serialization;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Serializable;
import java.io.Writer;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channel;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Exchanger;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;

/**
 * The kinds of objects that must never cross a process boundary, and why: one place for the rules and
 * for the advice that error messages give.
 */
final class UnserializableTypes {

    private record Rule(Class<?> type, String reason) {}

    private static final String LAMBDA_REASON =
            "a lambda is serializable only when its target type is: declare the parameter "
                    + "or variable with a type from io.multiprocess.function (SerializableRunnable, SerializableFunction...) "
                    + "or cast it to an intersection such as (Runnable & Serializable)";

    private static final List<Rule> RULES = List.of(
            new Rule(Thread.class, "a thread runs inside one JVM; start it inside the task instead"),
            new Rule(ThreadGroup.class, "a thread group belongs to one JVM"),
            new Rule(ClassLoader.class, "a class loader belongs to one JVM"),
            new Rule(InputStream.class, streamReason()),
            new Rule(OutputStream.class, streamReason()),
            new Rule(Reader.class, streamReason()),
            new Rule(Writer.class, streamReason()),
            new Rule(Channel.class, streamReason()),
            new Rule(Selector.class, streamReason()),
            new Rule(Socket.class, streamReason()),
            new Rule(ServerSocket.class, streamReason()),
            new Rule(DatagramSocket.class, streamReason()),
            new Rule(
                    Process.class,
                    "a process handle belongs to the JVM that started the process; send its pid instead"),
            new Rule(ProcessHandle.class, "a process handle belongs to one JVM; send its pid instead"),
            new Rule(
                    ExecutorService.class,
                    "an executor (or a Pool) and its workers belong to the process that created it; "
                            + "send the work, not the executor"),
            new Rule(ReentrantLock.class, jdkSynchronizerReason()),
            new Rule(ReentrantReadWriteLock.class, jdkSynchronizerReason()),
            new Rule(StampedLock.class, jdkSynchronizerReason()),
            new Rule(Semaphore.class, jdkSynchronizerReason()),
            new Rule(CountDownLatch.class, jdkSynchronizerReason()),
            new Rule(CyclicBarrier.class, jdkSynchronizerReason()),
            new Rule(Phaser.class, jdkSynchronizerReason()),
            new Rule(Exchanger.class, jdkSynchronizerReason()));

    private UnserializableTypes() {}

    /** The classes whose instances (and subclasses' instances) are always refused. */
    static List<Class<?>> deniedTypes() {
        return RULES.stream().<Class<?>>map(Rule::type).toList();
    }

    /**
     * Why instances of a type cannot be sent, if they cannot.
     *
     * @param type a class
     * @return the reason, or empty when the type is not refused outright
     */
    static Optional<String> reasonFor(Class<?> type) {
        if (isLambda(type) && !Serializable.class.isAssignableFrom(type)) {
            return Optional.of(lambdaReason(type));
        }
        for (Rule rule : RULES) {
            if (rule.type().isAssignableFrom(type)) {
                return Optional.of(rule.reason());
            }
        }
        return Optional.empty();
    }

    static String lambdaReason(Class<?> lambdaClass) {
        Class<?>[] interfaces = lambdaClass.getInterfaces();
        String target = interfaces.length > 0 ? interfaces[0].getName() : "a functional interface";
        return "it is a lambda or method reference of type " + target + ", which is not serializable; " + LAMBDA_REASON;
    }

    static String jdkClassReason(Class<?> type) {
        return type.getName() + " is a JDK class that is neither Serializable nor supported by the serializer; "
                + "send the data it holds instead";
    }

    /** True for the classes the JVM generates for lambdas and method references. */
    static boolean isLambda(Class<?> type) {
        return type.isSynthetic() && type.getName().indexOf('/') >= 0;
    }

    /** True for classes of the Java platform itself, whose private fields cannot be read by reflection. */
    static boolean isJdkClass(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        Module module = element.getModule();
        if (!module.isNamed() || module.getLayer() != ModuleLayer.boot()) {
            return false;
        }
        String name = module.getName();
        return name.startsWith("java.") || name.startsWith("jdk.");
    }

    private static String streamReason() {
        return "an open stream, channel or socket is tied to this process's file descriptors; open it inside the task, "
                + "or send a path or an address instead";
    }

    private static String jdkSynchronizerReason() {
        return "a JDK lock, semaphore or latch only coordinates threads of one JVM; "
                + "use the library's process-shared primitives (ctx.lock(), ctx.semaphore(), ctx.event()...) instead";
    }
}
