package com.callbasis.gateway.media;

import java.util.ArrayList;
import java.util.List;

/** What a test opened (relays, peers, transforms), closed in reverse order by JUnit's {@code @AutoClose}. */
final class TestResources implements AutoCloseable {
    private final List<AutoCloseable> opened = new ArrayList<>();

    <T extends AutoCloseable> T add(T resource) {
        opened.add(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        opened.clear();
    }
}
