"""Application layer: ports (typing.Protocol) and one use case per operation. No I/O of its own."""
