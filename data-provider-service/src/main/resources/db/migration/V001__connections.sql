-- Connections to mail systems (sources and targets). Secrets are sealed with AES-256-GCM by SecretCipher; the key
-- lives in DATA_DIR/secret.key, never here. Instants are epoch milliseconds.
CREATE TABLE connection (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('SOURCE', 'TARGET')),
    kind          TEXT NOT NULL,
    settings_json TEXT NOT NULL,
    secret        BLOB,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    last_test_json TEXT
);

CREATE INDEX connection_role ON connection (role);
