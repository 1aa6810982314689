"""Output formatting of the docker CLI front end: Go templates (`--format`, `inspect -f`),
docker's tables, and the units docker prints sizes and durations in."""
