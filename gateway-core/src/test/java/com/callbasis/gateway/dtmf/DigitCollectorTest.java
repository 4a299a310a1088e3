package com.callbasis.gateway.dtmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.gateway.dtmf.DigitCollector.Config;
import com.callbasis.gateway.dtmf.DigitCollector.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class DigitCollectorTest {
    private static final long MS = 1_000_000;
    private final List<DtmfDigit> out = new ArrayList<>();
    private final DigitCollector collector = new DigitCollector(Config.defaults(), out::add);

    private Outcome offer(char d, DtmfSource s, long ms) {
        return collector.offer(new DtmfDigit(d, s, ms * MS));
    }

    private String digits() {
        StringBuilder s = new StringBuilder();
        out.forEach(d -> s.append(d.digit()));
        return s.toString();
    }

    @Test
    void aPressSentAsRfc4733AndInBandCountsOnce() {
        assertThat(offer('1', DtmfSource.RFC4733, 1000)).isEqualTo(Outcome.ACCEPTED);
        assertThat(offer('1', DtmfSource.INBAND, 1040)).isEqualTo(Outcome.DUPLICATE);
        assertThat(offer('2', DtmfSource.INBAND, 1300)).isEqualTo(Outcome.ACCEPTED);
        assertThat(offer('2', DtmfSource.RFC4733, 1230)).isEqualTo(Outcome.DUPLICATE); // reported earlier, offered later
        assertThat(digits()).isEqualTo("12");
        assertThat(collector.duplicates()).isEqualTo(2);
    }

    @Test
    void twoPressesOfOneDigitFromOneSourceAreTwo() {
        offer('1', DtmfSource.RFC4733, 1000);
        offer('1', DtmfSource.INBAND, 1010);
        offer('1', DtmfSource.RFC4733, 1090); // the detectors tell their own presses apart
        offer('1', DtmfSource.INBAND, 1100); // the in-band copy of the second press
        assertThat(digits()).isEqualTo("11");
    }

    @Test
    void aRepeatedInfoWithinTheWindowCountsOnce() {
        offer('5', DtmfSource.SIP_INFO, 1000);
        offer('5', DtmfSource.SIP_INFO, 1100);
        offer('5', DtmfSource.SIP_INFO, 1300); // outside 120 ms of the first: a new press
        offer('6', DtmfSource.SIP_INFO, 1310);
        assertThat(digits()).isEqualTo("556");
    }

    @Test
    void outsideTheWindowTwoSourcesAreTwoPresses() {
        offer('3', DtmfSource.RFC4733, 1000);
        offer('3', DtmfSource.INBAND, 1200);
        assertThat(digits()).isEqualTo("33");
    }

    @Test
    void aStormIsCutToTheRateAndCounted() {
        // 500 digits a second for 10 s from all three sources
        long t = 0;
        char[] keys = "0123456789*#".toCharArray();
        DtmfSource[] sources = DtmfSource.values();
        for (int i = 0; i < 5000; i++) {
            t += 2;
            offer(keys[i % keys.length], sources[i % 3], t);
        }
        // a full bucket of 20, then 20 a second
        assertThat(collector.accepted()).isBetween(200L, 221L);
        assertThat(collector.accepted() + collector.duplicates() + collector.dropped()).isEqualTo(5000);
        assertThat(collector.dropped()).isGreaterThan(4000);
        // after the storm the bucket refills
        out.clear();
        offer('9', DtmfSource.INBAND, t + 2000);
        assertThat(digits()).isEqualTo("9");
    }

    @Test
    void concurrentOffersFromTwoThreadsAreAllCounted() throws InterruptedException {
        DigitCollector c = new DigitCollector(Config.defaults().withMaxDigitsPerSecond(1000), d -> {});
        CountDownLatch go = new CountDownLatch(1);
        Runnable r = () -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 10_000; i++) {
                c.offer(new DtmfDigit('1', DtmfSource.SIP_INFO, i * MS));
            }
        };
        Thread a = new Thread(r);
        Thread b = new Thread(r);
        a.start();
        b.start();
        go.countDown();
        a.join();
        b.join();
        assertThat(c.accepted() + c.duplicates() + c.dropped()).isEqualTo(20_000);
    }

    @Test
    void configIsChecked() {
        assertThatThrownBy(() -> Config.defaults().withMaxDigitsPerSecond(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Config.defaults().withDuplicateWindow(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Config.defaults().withDuplicateWindow(Duration.ofSeconds(2))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Config.defaults().withDuplicateWindow(Duration.ofMillis(200)).duplicateWindow()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void nothingPrintsADigit() {
        offer('7', DtmfSource.INBAND, 1);
        assertThat(collector.toString()).doesNotContain("7").contains("accepted=1");
        assertThat(out.get(0).toString()).doesNotContain("7").contains("INBAND");
        assertThatThrownBy(() -> new DtmfDigit('E', DtmfSource.INBAND, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
