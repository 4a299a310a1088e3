package com.callbasis.recorder.internal;

import java.util.NoSuchElementException;

/**
 * Items sorted by a {@code long} position, in a growable ring; items with equal positions stay in
 * insertion order (a later one comes after). Not thread-safe.
 *
 * <p>Made for RTP frames, which almost always arrive in order: insertion scans from the tail, so the
 * usual case is an append, and the head is taken in O(1). Positions are kept in their own array so
 * that the scan does not touch the items (a call's frames are cold: touched once per 20 ms).
 */
final class FrameQueue<T> {
    private long[] positions;
    private Object[] items;
    /** Capacity minus one; the capacity is a power of two. */
    private int mask;
    private int head;
    private int size;

    FrameQueue(int initialCapacity) {
        int capacity = Integer.highestOneBit(Math.max(2, initialCapacity - 1)) << 1;
        positions = new long[capacity];
        items = new Object[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Inserts {@code item} (not null) after every item whose position is at most {@code pos}. */
    void add(long pos, T item) {
        if (item == null) {
            throw new NullPointerException("item");
        }
        if (size == items.length) {
            grow();
        }
        // Insertion sort from the tail: shift later items up by one until the slot is found.
        int i = size;
        while (i > 0) {
            int prev = (head + i - 1) & mask;
            if (positions[prev] <= pos) {
                break;
            }
            int slot = (head + i) & mask;
            positions[slot] = positions[prev];
            items[slot] = items[prev];
            i--;
        }
        int slot = (head + i) & mask;
        positions[slot] = pos;
        items[slot] = item;
        size++;
    }

    /** The first item (lowest position, earliest inserted among equals), or null when empty. */
    @SuppressWarnings("unchecked")
    T peek() {
        return size == 0 ? null : (T) items[head];
    }

    /** Removes and returns the first item, or null when empty. */
    T poll() {
        if (size == 0) {
            return null;
        }
        @SuppressWarnings("unchecked")
        T item = (T) items[head];
        items[head] = null; // no stale reference in the ring
        head = (head + 1) & mask;
        size--;
        return item;
    }

    /** The {@code i}-th item in order, 0 being the first. */
    @SuppressWarnings("unchecked")
    T get(int i) {
        return (T) items[slot(i)];
    }

    /** The position the {@code i}-th item was added with. */
    long position(int i) {
        return positions[slot(i)];
    }

    private int slot(int i) {
        if (i < 0 || i >= size) {
            throw new NoSuchElementException("index " + i + ", size " + size);
        }
        return (head + i) & mask;
    }

    private void grow() {
        int capacity = items.length << 1;
        long[] p = new long[capacity];
        Object[] o = new Object[capacity];
        for (int i = 0; i < size; i++) {
            int slot = (head + i) & mask;
            p[i] = positions[slot];
            o[i] = items[slot];
        }
        positions = p;
        items = o;
        mask = capacity - 1;
        head = 0;
    }
}
