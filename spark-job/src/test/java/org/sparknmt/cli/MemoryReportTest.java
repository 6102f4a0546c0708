package org.sparknmt.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryReportTest {

    @Test
    void readsThePeakResidentSetFromProcStatus(@TempDir Path dir) throws IOException {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  2527044 kB\nVmRSS:\t  1000 kB\n",
                StandardCharsets.UTF_8);
        assertEquals(OptionalLong.of(2527044L * 1024), MemoryReport.peakRss(status));
    }

    @Test
    void anUnknownFormatOrNoFileIsNotAnError(@TempDir Path dir) throws IOException {
        Path status = dir.resolve("status");
        Files.writeString(status, "VmHWM:\t 12 MB\n", StandardCharsets.UTF_8);
        assertEquals(OptionalLong.empty(), MemoryReport.peakRss(status));
        assertEquals(OptionalLong.empty(), MemoryReport.peakRss(dir.resolve("missing")));
    }

    @Test
    void thisJvmsPeakIsAtLeastItsHeapInUse() {
        OptionalLong peak = MemoryReport.peakRss(Path.of("/proc/self/status"));
        if (peak.isPresent()) { // Linux
            Runtime rt = Runtime.getRuntime();
            assertTrue(peak.getAsLong() >= rt.totalMemory() - rt.freeMemory(), "peak " + peak.getAsLong());
        }
    }
}
