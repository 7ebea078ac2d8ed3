-- a comment; with a semicolon
INSERT INTO demo(id, note) VALUES (2, 'from V002');
