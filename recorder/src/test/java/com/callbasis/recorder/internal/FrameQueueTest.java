package com.callbasis.recorder.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameQueueTest {
    private record Item(long pos, long order) {
    }

    private static List<String> drain(FrameQueue<String> q) {
        List<String> out = new ArrayList<>();
        for (String s = q.poll(); s != null; s = q.poll()) {
            out.add(s);
        }
        return out;
    }

    @Test
    void emptyQueue() {
        FrameQueue<String> q = new FrameQueue<>(4);
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.size()).isZero();
        assertThat(q.peek()).isNull();
        assertThat(q.poll()).isNull();
        assertThatThrownBy(() -> q.get(0)).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void inOrderAppendsPeekAndPoll() {
        FrameQueue<String> q = new FrameQueue<>(4);
        q.add(0, "a");
        q.add(160, "b");
        q.add(320, "c");
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.peek()).isEqualTo("a");
        assertThat(q.peek()).isEqualTo("a");
        assertThat(q.poll()).isEqualTo("a");
        assertThat(q.peek()).isEqualTo("b");
        assertThat(q.size()).isEqualTo(2);
        assertThat(drain(q)).containsExactly("b", "c");
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void outOfOrderInsertsAreSorted() {
        FrameQueue<String> q = new FrameQueue<>(4);
        q.add(320, "c");
        q.add(0, "a"); // before everything
        q.add(480, "d");
        q.add(160, "b"); // in the middle
        assertThat(q.get(0)).isEqualTo("a");
        assertThat(q.position(1)).isEqualTo(160);
        assertThat(q.get(3)).isEqualTo("d");
        assertThat(drain(q)).containsExactly("a", "b", "c", "d");
    }

    @Test
    void equalPositionsKeepInsertionOrder() {
        FrameQueue<String> q = new FrameQueue<>(4);
        q.add(160, "first");
        q.add(320, "later");
        q.add(160, "second"); // after "first", before "later"
        q.add(0, "early");
        q.add(160, "third");
        assertThat(drain(q)).containsExactly("early", "first", "second", "third", "later");
    }

    @Test
    void growsAcrossTheRingsWrapAndKeepsOrder() {
        FrameQueue<String> q = new FrameQueue<>(4);
        // Move the head so that the contents wrap around the end of the ring before it grows.
        q.add(0, "x0");
        q.add(1, "x1");
        q.add(2, "x2");
        q.poll();
        q.poll();
        for (int i = 3; i < 40; i++) {
            q.add(i, "x" + i);
        }
        q.add(10, "x10b"); // out of order after growing
        assertThat(q.size()).isEqualTo(39);
        List<String> expected = new ArrayList<>();
        for (int i = 2; i < 40; i++) {
            expected.add("x" + i);
            if (i == 10) {
                expected.add("x10b");
            }
        }
        assertThat(drain(q)).isEqualTo(expected);
    }

    /** The same order as the priority queue it replaces: (pos, insertion order), under mostly in-order input. */
    @Test
    void matchesAPriorityQueueOnPosThenOrder() {
        Random random = new Random(42);
        FrameQueue<Item> q = new FrameQueue<>(2);
        PriorityQueue<Item> reference = new PriorityQueue<>(
                Comparator.comparingLong(Item::pos).thenComparingLong(Item::order));
        long order = 0;
        long next = 0;
        for (int round = 0; round < 20_000; round++) {
            if (random.nextInt(3) > 0 || reference.isEmpty()) {
                long pos = random.nextInt(10) == 0 ? next - random.nextInt(5) * 160 : next;
                next += 160;
                if (random.nextInt(20) == 0) {
                    pos = next - 160; // a duplicate position
                }
                Item item = new Item(pos, order++);
                q.add(pos, item);
                reference.add(item);
            } else {
                assertThat(q.peek()).isEqualTo(reference.peek());
                assertThat(q.poll()).isEqualTo(reference.poll());
            }
            assertThat(q.size()).isEqualTo(reference.size());
        }
        while (!reference.isEmpty()) {
            assertThat(q.poll()).isEqualTo(reference.poll());
        }
        assertThat(q.isEmpty()).isTrue();
    }
}
