package io.multiprocess.spring.dashboard;

import io.multiprocess.spring.monitor.ChildDescriptor;
import io.multiprocess.spring.monitor.ReadableDuration;
import java.time.Duration;
import java.util.Map;

/** Turns a child's descriptor and its sample into a row of the dashboard's process tree. */
final class ProcessDashboardSnapshotRows {

    private final Map<Long, ProcessSampler.Sample> samples;
    private final Map<Long, String> poolOfWorker;

    ProcessDashboardSnapshotRows(Map<Long, ProcessSampler.Sample> samples, Map<Long, String> poolOfWorker) {
        this.samples = samples;
        this.poolOfWorker = poolOfWorker;
    }

    DashboardSnapshot.ProcessRow row(ChildDescriptor child, long parentPid) {
        ProcessSampler.Sample sample = samples.get(child.pid());
        Duration uptime = child.uptime();
        return new DashboardSnapshot.ProcessRow(
                child.pid(),
                parentPid,
                child.name(),
                child.role(),
                poolOfWorker.get(child.pid()),
                child.startMethod(),
                uptime == null ? null : uptime.toMillis(),
                ReadableDuration.of(uptime),
                sample == null ? null : sample.cpuPercent(),
                sample == null ? null : sample.rssBytes(),
                sample == null ? null : sample.heapUsedBytes(),
                sample == null ? null : sample.heapMaxBytes());
    }
}
