/**
 * Test support for applications that use multiprocess-java: {@link AutoConfigureMultiprocess} (or the
 * property {@code multiprocess.test.start-method}) runs the application's {@code ProcessContext},
 * {@code Pool} and {@code SyncManager} beans on threads for fast tests, or forces real processes in
 * integration tests; {@link NoLeftovers} fails a test that leaves a child process, a shared-memory
 * segment or a socket file behind. Python's counterpart is the "dangling processes" warning of its own
 * test suite ({@code test.support}). Needs {@code junit-jupiter-api} and {@code spring-boot-test}
 * (both in {@code spring-boot-starter-test}).
 */
@NullMarked
package io.multiprocess.spring.test;

import org.jspecify.annotations.NullMarked;
