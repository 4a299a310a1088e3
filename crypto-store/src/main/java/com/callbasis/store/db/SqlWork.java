package com.callbasis.store.db;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work run on the metadata connection inside one transaction. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
}
