package com.callbasis.store.audit;

import java.nio.file.Path;

/** What an audit export wrote. */
public record ExportSummary(Path dir, int entries, int decisions, long treeSize) {}
