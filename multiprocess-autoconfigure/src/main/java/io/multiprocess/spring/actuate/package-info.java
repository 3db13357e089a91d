/**
 * Actuator endpoints of multiprocess-java: {@code childprocesses} (Python's {@code active_children()})
 * and {@code processresources} (what Python's {@code resource_tracker} holds, and socket files); with
 * the Hazelcast back end, {@code clustermembers} (the cluster's members and where tasks ran). They
 * return small descriptor records, never live objects.
 */
@NullMarked
package io.multiprocess.spring.actuate;

import org.jspecify.annotations.NullMarked;
