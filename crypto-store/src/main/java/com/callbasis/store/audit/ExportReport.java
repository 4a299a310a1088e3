package com.callbasis.store.audit;

import java.util.List;

/** Outcome of an offline export verification: valid only when there is no problem at all. */
public record ExportReport(List<String> problems, int entries, long treeSize) {
    public ExportReport {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
