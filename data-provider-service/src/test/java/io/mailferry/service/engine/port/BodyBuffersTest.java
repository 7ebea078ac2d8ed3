package io.mailferry.service.engine.port;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Arrays for message bodies, used again once released, never handed to two holders at once (ADR 0053). */
class BodyBuffersTest {
    @Test
    void anArrayShouldBeAtLeastTheSizeAskedAndAtMostAQuarterLarger() {
        for (int size = BodyBuffers.MIN_POOLED; size <= BodyBuffers.MAX_POOLED; size += 7919) {
            int given = BodyBuffers.classSize(BodyBuffers.sizeClass(size));
            assertThat(given).as("array for %d bytes", size).isGreaterThanOrEqualTo(size);
            assertThat((double) given).as("array for %d bytes", size).isLessThanOrEqualTo(size * 1.25);
        }
        BodyBuffers buffers = new BodyBuffers(1 << 30);
        assertThat(buffers.take(100_000).bytes().length).isBetween(100_000, 125_000);
    }

    @Test
    void aReleasedArrayShouldBeHandedOutAgainAndItsFormerLeaseKnowIt() {
        BodyBuffers buffers = new BodyBuffers(1 << 30);
        BodyBuffers.Lease first = buffers.take(50_000);
        byte[] array = first.bytes();
        assertThat(first.valid()).isTrue();

        first.release();
        assertThat(first.valid()).as("released").isFalse();
        assertThat(buffers.keptBytes()).isEqualTo(array.length);

        BodyBuffers.Lease second = buffers.take(51_000); // the same size class (49,153 to 57,344 bytes)
        assertThat(second.bytes()).isSameAs(array);
        assertThat(second.valid()).isTrue();
        assertThat(first.valid()).as("the first holder's lease stays invalid while another holds the array").isFalse();
        assertThat(buffers.keptBytes()).isZero();
    }

    @Test
    void releasingTwiceShouldNeverHandTheArrayToTwoHolders() {
        BodyBuffers buffers = new BodyBuffers(1 << 30);
        BodyBuffers.Lease lease = buffers.take(60_000);
        lease.release();
        BodyBuffers.Lease next = buffers.take(60_000);
        lease.release(); // late and repeated: must not give back the array the next holder uses
        lease.release();
        assertThat(next.valid()).isTrue();
        assertThat(buffers.keptBytes()).isZero();
        assertThat(buffers.take(60_000).bytes()).isNotSameAs(next.bytes());
    }

    @Test
    void smallAndHugeBodiesShouldGetArraysOfTheirOwnThatAreNeverKept() {
        BodyBuffers buffers = new BodyBuffers(1 << 30);
        BodyBuffers.Lease small = buffers.take(BodyBuffers.MIN_POOLED - 1);
        BodyBuffers.Lease huge = buffers.take(BodyBuffers.MAX_POOLED + 1);
        assertThat(small.bytes()).hasSize(BodyBuffers.MIN_POOLED - 1);
        assertThat(huge.bytes()).hasSize(BodyBuffers.MAX_POOLED + 1);
        small.release();
        huge.release();
        assertThat(small.valid()).isFalse();
        assertThat(buffers.keptBytes()).isZero();
    }

    @Test
    void keptArraysShouldStayWithinTheCapacityAndGoOnClear() {
        BodyBuffers buffers = new BodyBuffers(300_000);
        BodyBuffers.Lease[] leases = new BodyBuffers.Lease[5];
        for (int i = 0; i < leases.length; i++) {
            leases[i] = buffers.take(100_000);
        }
        for (BodyBuffers.Lease l : leases) {
            l.release();
        }
        assertThat(buffers.keptBytes()).isPositive().isLessThanOrEqualTo(300_000);
        buffers.clear();
        assertThat(buffers.keptBytes()).isZero();
        byte[] fresh = buffers.take(100_000).bytes();
        for (BodyBuffers.Lease l : leases) {
            assertThat(fresh).as("nothing kept after clear").isNotSameAs(l.bytes());
        }
    }

    @Test
    void aSmallHeapShouldKeepNothingAndALargerOneAFifth() {
        assertThat(BodyBuffers.sharedCapacity(176L << 20)).as("a one-mailbox migrate's heap").isZero();
        assertThat(new BodyBuffers(BodyBuffers.sharedCapacity(176L << 20)).keeps()).isFalse();
        assertThat(BodyBuffers.sharedCapacity(640L << 20)).isEqualTo((640L << 20) / 5);
        assertThat(new BodyBuffers(BodyBuffers.sharedCapacity(640L << 20)).keeps()).isTrue();
    }
}
