INSERT INTO demo(id, note) VALUES (3, 'from V003');
