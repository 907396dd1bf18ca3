package dev.sightline.server.instrumentation;

import dev.sightline.storage.instrumentation.CallbackFamily;
import dev.sightline.storage.instrumentation.MetricRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.function.Function;
import java.util.function.Supplier;

/** JVM memory, GC, threads and process CPU, read from the platform MXBeans when scraped. */
public final class JvmMetrics {
    private JvmMetrics() {
    }

    public static void register(MetricRegistry registry) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        area(registry, "jvm_memory_used_bytes", "Used bytes of a JVM memory area.", memory, MemoryUsage::getUsed);
        area(registry, "jvm_memory_committed_bytes", "Committed bytes of a JVM memory area.", memory,
                MemoryUsage::getCommitted);
        area(registry, "jvm_memory_max_bytes", "Maximum bytes of a JVM memory area (-1 when undefined).", memory,
                MemoryUsage::getMax);
        CallbackFamily pools = registry.gauges("jvm_memory_pool_used_bytes", "Used bytes of a JVM memory pool.",
                "pool");
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pools.add(() -> pool.getUsage().getUsed(), pool.getName());
        }
        CallbackFamily gcSeconds = registry.counters("jvm_gc_collection_seconds_total",
                "Time spent in a garbage collector (for G1, the young and mixed pauses, and the old cycles).", "gc");
        CallbackFamily gcCount = registry.counters("jvm_gc_collections_total", "Collections run by a garbage collector.",
                "gc");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcSeconds.add(() -> gc.getCollectionTime() / 1000.0, gc.getName());
            gcCount.add(gc::getCollectionCount, gc.getName());
        }
        registry.gauge("jvm_threads_live", "Live JVM threads (platform threads; virtual threads are not counted).",
                () -> ManagementFactory.getThreadMXBean().getThreadCount());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            registry.counters("process_cpu_seconds_total", "CPU time used by the process.")
                    .add(() -> os.getProcessCpuTime() / 1e9);
        }
        long start = ManagementFactory.getRuntimeMXBean().getStartTime();
        registry.gauge("process_start_time_seconds", "When the process started, in Unix seconds.", () -> start / 1000.0);
    }

    private static void area(MetricRegistry registry, String name, String help, MemoryMXBean memory,
            Function<MemoryUsage, Long> field) {
        Supplier<MemoryUsage> heap = memory::getHeapMemoryUsage;
        Supplier<MemoryUsage> nonHeap = memory::getNonHeapMemoryUsage;
        registry.gauges(name, help, "area")
                .add(() -> field.apply(heap.get()), "heap")
                .add(() -> field.apply(nonHeap.get()), "nonheap");
    }
}
