package io.multiprocess.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of multiprocess-java, under {@code multiprocess} in application.yml.
 */
@ConfigurationProperties(prefix = "multiprocess")
public class MultiprocessProperties {

    /**
     * How child processes are started, by Python's name. "spawn": a fresh JVM per process; "forkserver":
     * spare JVMs started and warmed up in advance take the processes (milliseconds per start); "thread":
     * processes run on threads of the application (Python's multiprocessing.dummy).
     */
    private String startMethod = "spawn";

    /**
     * Settings of the child JVMs.
     */
    private final Child child = new Child();

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
     * Settings of the child JVMs.
     *
     * @return the child settings
     */
    public Child getChild() {
        return child;
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
         * The Java launcher that child processes run; empty for the application's own.
         */
        private String executable;

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
        public String getExecutable() {
            return executable;
        }

        /**
         * Sets the Java launcher that child processes run.
         *
         * @param executable the path of a {@code bin/java} of Java 17 or later
         */
        public void setExecutable(String executable) {
            this.executable = executable;
        }
    }
}
