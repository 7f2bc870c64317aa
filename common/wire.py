"""What the demo server says and the client reads."""

# each answer of a counted route carries the requests in flight at its arrival, itself
# included: the largest a client sees is the most the server held at once
IN_FLIGHT_HEADER = "X-In-Flight"

# a client may name its run in each request; the server then counts the run's requests
# apart from other clients' (GET /stats?run=NAME), so a run's peak is its own
RUN_HEADER = "X-Demo-Run"
