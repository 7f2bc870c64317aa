"""What the demo server says and the client reads."""

# each answer of a counted route carries the requests in flight at its arrival, itself
# included: the largest a client sees is the most the server held at once for it
IN_FLIGHT_HEADER = "X-In-Flight"
