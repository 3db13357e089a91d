package io.multiprocess.spring.autoconfigure;

import io.multiprocess.StartMethod;
import io.multiprocess.spring.diagnostics.PropertyChecks;
import io.multiprocess.spring.diagnostics.ValidDuration;
import io.multiprocess.spring.diagnostics.ValidRange;
import jakarta.validation.Valid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of multiprocess-java, under {@code multiprocess} in application.yml. Each nested class holds
 * one topic: the child JVMs, the forkserver, the pool, {@code @ParallelMap}, the manager.
 *
 * <pre>{@code
 * multiprocess:
 *   start-method: spawn
 *   child:
 *     jvm-options: [-Xmx512m]
 *   pool:
 *     processes: 4
 *     max-tasks-per-child: 1000
 *     task-timeout: 2m
 *     startup: eager
 *   manager:
 *     address: 127.0.0.1:50000
 *     authkey: ${MANAGER_KEY}
 * }</pre>
 *
 * <p>Invalid values fail the start-up with Boot's "APPLICATION FAILED TO START" report, naming the property,
 * its value and where it was set. {@link #validate(Object, Errors)}, which Boot calls as it binds, checks
 * the rules of the fields (with Bean Validation when the application has a provider, see
 * {@link PropertyChecks}) and what depends on other values or on the machine (start method, serializer,
 * launcher, addresses).
 */
@ConfigurationProperties(prefix = "multiprocess")
public class MultiprocessProperties implements Validator {

    /**
     * How child processes are started, by Python's name. "spawn": a fresh JVM per process; "forkserver":
     * spare JVMs started and warmed up in advance take the processes (milliseconds per start); "thread":
     * processes run on threads of the application (Python's multiprocessing.dummy).
     */
    private String startMethod = "spawn";

    /**
     * How tasks, arguments and results are serialized between processes: "kryo" (the default; any object,
     * field by field, as dill does), "jdk" (Java serialization: only Serializable objects), or the class name
     * of an io.multiprocess.serialization.Serializer with a public no-argument constructor.
     */
    private String serializer = "kryo";

    /**
     * Where the pool's tasks run: "local" (the default: worker processes of this machine, or
     * threads for the "thread" start method) or "hazelcast" (the members of a Hazelcast cluster; needs
     * com.hazelcast:hazelcast on the class path, see multiprocess.hazelcast.*).
     */
    private Backend backend = Backend.LOCAL;

    /**
     * Settings of the child JVMs.
     */
    @Valid
    private final Child child = new Child();

    /**
     * Settings of the forkserver (start method "forkserver").
     */
    @Valid
    private final Forkserver forkserver = new Forkserver();

    /**
     * Settings of the process pool bean.
     */
    @Valid
    private final Pool pool = new Pool();

    /**
     * Settings of @ParallelMap methods.
     */
    @Valid
    private final ParallelMap parallelMap = new ParallelMap();

    /**
     * Settings of the SyncManager bean.
     */
    @Valid
    private final Manager manager = new Manager();

    /**
     * Whether {@link #validate(Object, Errors)} checks objects of the type.
     *
     * @param type the type of the object to check
     * @return true for these properties
     */
    @Override
    public boolean supports(Class<?> type) {
        return MultiprocessProperties.class.isAssignableFrom(type);
    }

    /**
     * Checks the bound values, as Boot binds them: the rules of the fields (by Bean Validation when the
     * application has a provider), then what the rules cannot say. Each violation names the property's path.
     *
     * @param target the bound properties
     * @param errors where the violations go
     */
    @Override
    public void validate(Object target, Errors errors) {
        MultiprocessProperties properties = (MultiprocessProperties) target;
        PropertyChecks.validate(properties, errors);
        PropertyChecks.reject(errors, "startMethod", startMethodViolation(properties.getStartMethod()));
        PropertyChecks.reject(errors, "serializer", serializerViolation(properties.getSerializer()));
        Path executable = properties.getChild().getExecutable();
        if (executable != null && (!Files.isRegularFile(executable) || !Files.isExecutable(executable))) {
            PropertyChecks.reject(
                    errors,
                    "child.executable",
                    "must be an executable java launcher (the bin/java of Java 17 or later), or unset for the "
                            + "application's own: no executable file is there");
        }
        Manager manager = properties.getManager();
        String address = manager.getAddress();
        try {
            MultiprocessManagerAutoConfiguration.address(address);
        } catch (IllegalArgumentException notAnAddress) {
            PropertyChecks.reject(
                    errors,
                    "manager.address",
                    "must be host:port (:port for every interface), unix:/path or an absolute path, or empty for a "
                            + "fresh Unix-domain socket");
        }
        if (manager.isConnect() && (address == null || address.isBlank())) {
            PropertyChecks.reject(
                    errors,
                    "manager.connect",
                    "can be true only with multiprocess.manager.address: the host:port or unix:/path where the "
                            + "other process's manager serves");
        }
        if (manager.getSerializer() != null && !manager.getSerializer().isBlank()) {
            PropertyChecks.reject(errors, "manager.serializer", serializerViolation(manager.getSerializer()));
        }
    }

    private static @Nullable String startMethodViolation(@Nullable String name) {
        try {
            StartMethod.of(name == null ? "" : name);
            return null;
        } catch (RuntimeException unknown) {
            boolean fork = name != null && name.trim().equalsIgnoreCase("fork");
            return "must be spawn, forkserver or thread"
                    + (fork
                            ? ": 'fork' does not exist on the JVM, which cannot be forked safely (forkserver starts "
                                    + "processes as fast)"
                            : "");
        }
    }

    private static @Nullable String serializerViolation(@Nullable String name) {
        try {
            MultiprocessAutoConfiguration.serializer(name);
            return null;
        } catch (RuntimeException unusable) {
            return "must be kryo, jdk or the class name of a serializer: " + unusable.getMessage();
        }
    }

    /**
     * How child processes are started, by Python's name.
     *
     * @return the start method's name
     */
    public String getStartMethod() {
        return startMethod;
    }

    /**
     * Sets how child processes are started.
     *
     * @param startMethod "spawn", "forkserver" or "thread"
     */
    public void setStartMethod(String startMethod) {
        this.startMethod = startMethod;
    }

    /**
     * Where the pool's tasks run.
     *
     * @return local or hazelcast
     */
    public Backend getBackend() {
        return backend;
    }

    /**
     * Sets where the pool's tasks run.
     *
     * @param backend local or hazelcast
     */
    public void setBackend(Backend backend) {
        this.backend = backend;
    }

    /**
     * How values are serialized between processes.
     *
     * @return "kryo", "jdk" or a class name
     */
    public String getSerializer() {
        return serializer;
    }

    /**
     * Sets how values are serialized between processes.
     *
     * @param serializer "kryo", "jdk" or the class name of a serializer
     */
    public void setSerializer(String serializer) {
        this.serializer = serializer;
    }

    /**
     * Settings of the child JVMs.
     *
     * @return the child settings
     */
    public Child getChild() {
        return child;
    }

    /**
     * Settings of the forkserver.
     *
     * @return the forkserver settings
     */
    public Forkserver getForkserver() {
        return forkserver;
    }

    /**
     * Settings of the process pool bean.
     *
     * @return the pool settings
     */
    public Pool getPool() {
        return pool;
    }

    /**
     * Settings of {@code @ParallelMap} methods.
     *
     * @return the settings
     */
    public ParallelMap getParallelMap() {
        return parallelMap;
    }

    /**
     * Settings of the {@code SyncManager} bean.
     *
     * @return the manager settings
     */
    public Manager getManager() {
        return manager;
    }

    /**
     * Settings of the child JVMs.
     */
    public static class Child {

        /**
         * JVM options of child processes, applied after the library's defaults so that they win, for
         * example "-Xmx512m".
         */
        private List<String> jvmOptions = new ArrayList<>();

        /**
         * The Java launcher (bin/java of Java 17 or later) that child processes run; empty for the
         * application's own.
         */
        private @Nullable Path executable;

        /**
         * JVM options of child processes.
         *
         * @return the options
         */
        public List<String> getJvmOptions() {
            return jvmOptions;
        }

        /**
         * Sets the JVM options of child processes.
         *
         * @param jvmOptions the options
         */
        public void setJvmOptions(List<String> jvmOptions) {
            this.jvmOptions = jvmOptions;
        }

        /**
         * The Java launcher that child processes run.
         *
         * @return the launcher's path, or null for the application's own
         */
        public @Nullable Path getExecutable() {
            return executable;
        }

        /**
         * Sets the Java launcher that child processes run.
         *
         * @param executable the path of a {@code bin/java} of Java 17 or later
         */
        public void setExecutable(@Nullable Path executable) {
            this.executable = executable;
        }
    }

    /**
     * Settings of the forkserver, which keeps spare JVMs started and warmed up so that processes of the
     * "forkserver" start method start in milliseconds. Used only with that start method.
     */
    public static class Forkserver {

        /**
         * How many spare JVMs the forkserver keeps ready for the application's children (0 to 64); unset for
         * the library's default (2). More spares serve bursts of starts (a pool's workers) at forkserver
         * speed; each idle spare holds the memory of a small JVM.
         */
        @ValidRange(min = 0, max = 64)
        private @Nullable Integer spares;

        /**
         * Classes the spare JVMs load and initialize while they wait, so that children do not pay for it
         * (Python's set_forkserver_preload); classes that cannot be loaded are skipped.
         */
        private List<String> preload = new ArrayList<>();

        /**
         * How many spare JVMs the forkserver keeps ready.
         *
         * @return the number, or null for the library's default
         */
        public @Nullable Integer getSpares() {
            return spares;
        }

        /**
         * Sets how many spare JVMs the forkserver keeps ready.
         *
         * @param spares 0 to 64, or null for the library's default
         */
        public void setSpares(@Nullable Integer spares) {
            this.spares = spares;
        }

        /**
         * Classes the spare JVMs load in advance.
         *
         * @return the class names
         */
        public List<String> getPreload() {
            return preload;
        }

        /**
         * Sets the classes the spare JVMs load in advance.
         *
         * @param preload fully qualified class names
         */
        public void setPreload(List<String> preload) {
            this.preload = preload;
        }
    }

    /**
     * Where the pool's tasks run.
     */
    public enum Backend {
        /** Worker processes of this machine (threads for the "thread" start method). */
        LOCAL,
        /** The members of a Hazelcast cluster (package io.multiprocess.hazelcast of the core, with Hazelcast). */
        HAZELCAST
    }

    /**
     * When the pool's worker processes are started.
     */
    public enum Startup {
        /** On the first use of the pool: an application that never uses it starts no worker. */
        LAZY,
        /** When the application context starts, so that the first task does not wait for JVMs to boot. */
        EAGER
    }

    /**
     * Settings of the process pool bean.
     */
    public static class Pool {

        /**
         * Whether to define the process pool bean (and what needs it: @ParallelMap, the pool's health
         * and metrics).
         */
        private boolean enabled = true;

        /**
         * How many worker processes the pool keeps; 0 for one per CPU, as Python's Pool().
         */
        @ValidRange(min = 0, note = "0 for one per CPU")
        private int processes;

        /**
         * Whether the pool may start more workers than this machine's memory holds (each reckoned at its
         * -Xmx plus the JVM's own, or at an idle worker's 64 MiB). False: such a pool fails the start-up.
         */
        private boolean allowMemoryOvercommit;

        /**
         * How many tasks a worker runs before it is replaced by a fresh JVM (Python's maxtasksperchild; a
         * chunk of a map is one task); 0 for no limit.
         */
        @ValidRange(min = 0, note = "0 for no limit")
        private int maxTasksPerChild;

        /**
         * The longest a task may run; a task that runs longer is killed with its worker and fails with
         * TaskTimeoutException (a chunk gets this times its number of items). Unset: no limit.
         */
        @ValidDuration(note = "leave it unset for no limit")
        private @Nullable Duration taskTimeout;

        /**
         * When the worker processes are started: "lazy" (on first use) or "eager" (when the application
         * context starts).
         */
        private Startup startup = Startup.LAZY;

        /**
         * How the pool ends with the application context.
         */
        @Valid
        private final Shutdown shutdown = new Shutdown();

        /**
         * Whether the pool bean is defined.
         *
         * @return true unless disabled
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether the pool bean is defined.
         *
         * @param enabled false to define none
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * How many worker processes the pool keeps.
         *
         * @return the number, 0 for one per CPU
         */
        public int getProcesses() {
            return processes;
        }

        /**
         * Sets how many worker processes the pool keeps.
         *
         * @param processes at least 1, or 0 for one per CPU
         */
        public void setProcesses(int processes) {
            this.processes = processes;
        }

        /**
         * How many tasks a worker runs before it is replaced.
         *
         * @return the quota, 0 for none
         */
        public int getMaxTasksPerChild() {
            return maxTasksPerChild;
        }

        /**
         * Sets how many tasks a worker runs before it is replaced.
         *
         * @param maxTasksPerChild at least 1, or 0 for no limit
         */
        public void setMaxTasksPerChild(int maxTasksPerChild) {
            this.maxTasksPerChild = maxTasksPerChild;
        }

        /**
         * The longest a task may run.
         *
         * @return the limit, or null for none
         */
        public @Nullable Duration getTaskTimeout() {
            return taskTimeout;
        }

        /**
         * Sets the longest a task may run.
         *
         * @param taskTimeout a positive duration, or null for no limit
         */
        public void setTaskTimeout(@Nullable Duration taskTimeout) {
            this.taskTimeout = taskTimeout;
        }

        /**
         * When the worker processes are started.
         *
         * @return lazy or eager
         */
        public Startup getStartup() {
            return startup;
        }

        /**
         * Sets when the worker processes are started.
         *
         * @param startup lazy or eager
         */
        public void setStartup(Startup startup) {
            this.startup = startup;
        }

        /**
         * Whether the pool may start more workers than this machine's memory holds.
         *
         * @return true to skip the check
         */
        public boolean isAllowMemoryOvercommit() {
            return allowMemoryOvercommit;
        }

        /**
         * Sets whether the pool may start more workers than this machine's memory holds.
         *
         * @param allowMemoryOvercommit true to skip the check
         */
        public void setAllowMemoryOvercommit(boolean allowMemoryOvercommit) {
            this.allowMemoryOvercommit = allowMemoryOvercommit;
        }

        /**
         * How the pool ends with the application context.
         *
         * @return the shutdown settings
         */
        public Shutdown getShutdown() {
            return shutdown;
        }
    }

    /**
     * How the pool ends with the application context.
     */
    public static class Shutdown {

        /**
         * How long the pool lets submitted tasks finish when the application context closes (during
         * Spring's graceful shutdown, after the web server stopped taking requests) before it kills its
         * workers; 0 to kill them at once. Keep it below spring.lifecycle.timeout-per-shutdown-phase (30s by
         * default): when that runs out first, the workers are killed as the context destroys its beans.
         */
        @ValidDuration(zero = true, required = true, note = "0 to kill the workers at once")
        private Duration awaitTermination = Duration.ofSeconds(20);

        /**
         * How long submitted tasks may take to finish at shutdown.
         *
         * @return the period
         */
        public Duration getAwaitTermination() {
            return awaitTermination;
        }

        /**
         * Sets how long submitted tasks may take to finish at shutdown.
         *
         * @param awaitTermination zero or more
         */
        public void setAwaitTermination(Duration awaitTermination) {
            this.awaitTermination = awaitTermination;
        }
    }

    /**
     * Settings of {@code @ParallelMap} methods.
     */
    public static class ParallelMap {

        /**
         * Whether methods annotated with @ParallelMap run their chunks in the pool's worker processes;
         * when false the annotation is ignored and the methods run as plain calls.
         */
        private boolean enabled = true;

        /**
         * Whether @ParallelMap methods run in the pool.
         *
         * @return true unless disabled
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether @ParallelMap methods run in the pool.
         *
         * @param enabled false to run them as plain calls
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /**
     * Settings of the {@code SyncManager} bean (Python's {@code multiprocessing.Manager()}), whose server
     * process holds shared dicts, lists, queues and locks for the application's processes.
     */
    public static class Manager {

        /**
         * Whether to define the SyncManager bean. Its server process starts on first use only.
         */
        private boolean enabled = true;

        /**
         * Where the manager's server listens: "host:port" for TCP (":port" or "0.0.0.0:port" on every
         * interface, so that other machines can connect), "unix:/path" or an absolute path for a Unix-domain
         * socket; empty for a fresh Unix-domain socket in this process's private temporary directory.
         */
        private @Nullable String address;

        /**
         * The authentication key (its UTF-8 bytes) that clients must prove they hold; empty for this
         * process tree's own key, which children inherit. Set it when processes outside this tree connect.
         */
        private @Nullable String authkey;

        /**
         * How values are serialized between the manager and its clients: "kryo", "jdk" or the class name of
         * a serializer; empty for the context's serializer (multiprocess.serializer).
         */
        private @Nullable String serializer;

        /**
         * Connect to a server that another process serves at the address, instead of starting one.
         */
        private boolean connect;

        /**
         * The longest any call of the manager or its proxies waits for the server's answer before it fails
         * with ManagerCallTimeoutException; unset for no limit (some calls wait by design, as a queue's take).
         */
        @ValidDuration(note = "leave it unset for no limit")
        private @Nullable Duration callTimeout;

        /**
         * How long the shutdown waits for the server process to exit before terminating it (and as long again
         * before killing it).
         */
        @ValidDuration(required = true)
        private Duration shutdownTimeout = Duration.ofSeconds(5);

        /**
         * Whether the SyncManager bean is defined.
         *
         * @return true unless disabled
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether the SyncManager bean is defined.
         *
         * @param enabled false to define none
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Where the manager's server listens.
         *
         * @return "host:port", "unix:/path", an absolute path, or null for a fresh Unix-domain socket
         */
        public @Nullable String getAddress() {
            return address;
        }

        /**
         * Sets where the manager's server listens.
         *
         * @param address "host:port", "unix:/path", an absolute path, or null
         */
        public void setAddress(@Nullable String address) {
            this.address = address;
        }

        /**
         * The authentication key.
         *
         * @return the key's text, or null for this process tree's key
         */
        public @Nullable String getAuthkey() {
            return authkey;
        }

        /**
         * Sets the authentication key.
         *
         * @param authkey the key's text (at least one character), or null for this process tree's key
         */
        public void setAuthkey(@Nullable String authkey) {
            this.authkey = authkey;
        }

        /**
         * How values are serialized between the manager and its clients.
         *
         * @return "kryo", "jdk", a class name, or null for the context's serializer
         */
        public @Nullable String getSerializer() {
            return serializer;
        }

        /**
         * Sets how values are serialized between the manager and its clients.
         *
         * @param serializer "kryo", "jdk", a class name, or null for the context's serializer
         */
        public void setSerializer(@Nullable String serializer) {
            this.serializer = serializer;
        }

        /**
         * Whether the bean connects to a server of another process instead of starting one.
         *
         * @return true to connect
         */
        public boolean isConnect() {
            return connect;
        }

        /**
         * Sets whether the bean connects to a server of another process (which needs an address).
         *
         * @param connect true to connect
         */
        public void setConnect(boolean connect) {
            this.connect = connect;
        }

        /**
         * The longest a call waits for the server's answer.
         *
         * @return the limit, or null for none
         */
        public @Nullable Duration getCallTimeout() {
            return callTimeout;
        }

        /**
         * Sets the longest a call waits for the server's answer.
         *
         * @param callTimeout a positive duration, or null for no limit
         */
        public void setCallTimeout(@Nullable Duration callTimeout) {
            this.callTimeout = callTimeout;
        }

        /**
         * How long the shutdown waits for the server process to exit at each step.
         *
         * @return the time
         */
        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        /**
         * Sets how long the shutdown waits for the server process to exit at each step.
         *
         * @param shutdownTimeout a positive duration
         */
        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }
    }
}
