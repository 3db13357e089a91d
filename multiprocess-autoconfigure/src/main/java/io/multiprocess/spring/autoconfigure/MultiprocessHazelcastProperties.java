package io.multiprocess.spring.autoconfigure;

import io.multiprocess.spring.diagnostics.PropertyChecks;
import io.multiprocess.spring.diagnostics.ValidRange;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Settings of the Hazelcast back end ({@code multiprocess.backend=hazelcast}), under
 * {@code multiprocess.hazelcast}. The member settings apply only to the member this library embeds when
 * the application has no {@code HazelcastInstance} (nor a Hazelcast {@code Config}) of its own.
 *
 * <pre>{@code
 * multiprocess:
 *   backend: hazelcast
 *   pool:
 *     processes: 32            # tasks on the cluster at a time; 0: data members x CPUs
 *     task-timeout: 2m
 *   hazelcast:
 *     cluster-name: pricing
 *     members: [10.0.0.11, 10.0.0.12]
 *     re-runs-on-member-loss: 1
 * }</pre>
 *
 * <p>Invalid values fail the start-up with Boot's report naming the property, its value and where it was set
 * (see {@link MultiprocessProperties}).
 */
@ConfigurationProperties(prefix = "multiprocess.hazelcast")
public class MultiprocessHazelcastProperties implements Validator {

    /**
     * The name of the cluster the embedded member joins; members with other names ignore it.
     */
    private String clusterName = "multiprocess";

    /**
     * The first port the embedded member tries to bind.
     */
    @ValidRange(min = 1, max = 65535)
    private int port = 5701;

    /**
     * How many ports from the first one the embedded member may try (it takes the first free one).
     */
    @ValidRange(min = 1)
    private int portCount = 20;

    /**
     * Addresses ("host" or "host:port") of the cluster's members, which the embedded member joins by
     * TCP-IP. Empty: a cluster of this machine's processes, bound to and joined on 127.0.0.1 only.
     */
    private List<String> members = new ArrayList<>();

    /**
     * How many times a task whose member left the cluster mid-task runs again on another member; 0 (the
     * default): it fails with WorkerLostException. Only for tasks that may safely run twice.
     */
    @ValidRange(min = 0, note = "0 for none")
    private int reRunsOnMemberLoss;

    /**
     * The Hazelcast executor service that runs the pool's tasks on the members (size its threads in the
     * members' configuration under this name).
     */
    private String executor = "multiprocess";

    /**
     * Whether {@link #validate(Object, Errors)} checks objects of the type.
     *
     * @param type the type of the object to check
     * @return true for these properties
     */
    @Override
    public boolean supports(Class<?> type) {
        return MultiprocessHazelcastProperties.class.isAssignableFrom(type);
    }

    /**
     * Checks the bound values, as Boot binds them: the rules of the fields (by Bean Validation when the
     * application has a provider), then names and member addresses.
     *
     * @param target the bound properties
     * @param errors where the violations go
     */
    @Override
    public void validate(Object target, Errors errors) {
        MultiprocessHazelcastProperties properties = (MultiprocessHazelcastProperties) target;
        PropertyChecks.validate(properties, errors);
        if (properties.getClusterName() == null || properties.getClusterName().isBlank()) {
            PropertyChecks.reject(errors, "clusterName", "must not be empty");
        }
        if (properties.getExecutor() == null || properties.getExecutor().isBlank()) {
            PropertyChecks.reject(errors, "executor", "must not be empty");
        }
        List<String> members = properties.getMembers();
        for (int i = 0; i < members.size(); i++) {
            String member = members.get(i) == null ? "" : members.get(i).trim();
            int colon = member.lastIndexOf(':');
            boolean valid = !member.isEmpty() && colon != 0;
            if (valid && colon > 0 && member.indexOf(':') == colon) {
                String port = member.substring(colon + 1);
                valid = port.chars().allMatch(Character::isDigit)
                        && !port.isEmpty()
                        && port.length() <= 5
                        && Integer.parseInt(port) >= 1
                        && Integer.parseInt(port) <= 65535;
            }
            if (!valid) {
                PropertyChecks.reject(
                        errors,
                        "members[" + i + "]",
                        "must be an address: host, or host:port with a port from 1 to 65535");
            }
        }
    }

    /**
     * The name of the cluster the embedded member joins.
     *
     * @return the cluster name
     */
    public String getClusterName() {
        return clusterName;
    }

    /**
     * Sets the name of the cluster the embedded member joins.
     *
     * @param clusterName the cluster name
     */
    public void setClusterName(String clusterName) {
        this.clusterName = clusterName;
    }

    /**
     * The first port the embedded member tries.
     *
     * @return the port
     */
    public int getPort() {
        return port;
    }

    /**
     * Sets the first port the embedded member tries.
     *
     * @param port 1024 to 65535
     */
    public void setPort(int port) {
        this.port = port;
    }

    /**
     * How many ports the embedded member may try.
     *
     * @return the count
     */
    public int getPortCount() {
        return portCount;
    }

    /**
     * Sets how many ports the embedded member may try.
     *
     * @param portCount at least 1
     */
    public void setPortCount(int portCount) {
        this.portCount = portCount;
    }

    /**
     * The addresses of the members to join.
     *
     * @return the addresses; empty for a loopback cluster
     */
    public List<String> getMembers() {
        return members;
    }

    /**
     * Sets the addresses of the members to join.
     *
     * @param members "host" or "host:port" addresses
     */
    public void setMembers(List<String> members) {
        this.members = members;
    }

    /**
     * How many times a task whose member left runs again.
     *
     * @return the number of re-runs, 0 for none
     */
    public int getReRunsOnMemberLoss() {
        return reRunsOnMemberLoss;
    }

    /**
     * Sets how many times a task whose member left runs again.
     *
     * @param reRunsOnMemberLoss 0 or more
     */
    public void setReRunsOnMemberLoss(int reRunsOnMemberLoss) {
        this.reRunsOnMemberLoss = reRunsOnMemberLoss;
    }

    /**
     * The executor service's name.
     *
     * @return the name
     */
    public String getExecutor() {
        return executor;
    }

    /**
     * Sets the executor service's name.
     *
     * @param executor the name
     */
    public void setExecutor(String executor) {
        this.executor = executor;
    }
}
