package io.geoalert.streams.match;

import java.util.Arrays;

/** The phrase trie's edges as one open-addressing table from (node, symbol) to child node. */
final class Transitions {

    private long[] keys;
    private int[] children;
    private int size;

    Transitions(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        children = new int[capacity];
        Arrays.fill(keys, -1L);
    }

    /** The child of {@code node} on {@code symbol}, or -1. */
    int child(int node, int symbol) {
        long key = ((long) node << 32) | (symbol & 0xffffffffL);
        int mask = keys.length - 1;
        for (int slot = mix(key) & mask; keys[slot] != -1L; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return children[slot];
            }
        }
        return -1;
    }

    void put(int node, int symbol, int child) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        long key = ((long) node << 32) | (symbol & 0xffffffffL);
        int mask = keys.length - 1;
        int slot = mix(key) & mask;
        while (keys[slot] != -1L && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == -1L) {
            size++;
        }
        keys[slot] = key;
        children[slot] = child;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldChildren = children;
        keys = new long[oldKeys.length * 2];
        children = new int[oldKeys.length * 2];
        Arrays.fill(keys, -1L);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != -1L) {
                put((int) (oldKeys[i] >>> 32), (int) oldKeys[i], oldChildren[i]);
            }
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
