"""The endpoint's listening socket."""

from __future__ import annotations

import asyncio
import socket

from mcugraph.sparql.endpoint import listen_socket


def test_answers_are_sent_at_once_on_kept_alive_connections() -> None:
    """Connections accepted on the socket have TCP_NODELAY, or each answer waits for a delayed ACK (40 ms)."""

    async def main() -> int:
        accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        listening = listen_socket("127.0.0.1", 0)
        port = listening.getsockname()[1]
        server = await asyncio.start_server(handle, sock=listening)
        async with server:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            nodelay = await asyncio.wait_for(accepted, 10)
            writer.close()
        return nodelay

    assert asyncio.run(main()) != 0
