"""After a load test: what the database holds, as JSON."""



