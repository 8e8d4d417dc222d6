"""The two thin transports: each carries out the steps of an operation (`_protocol`) with
httpx, one blocking and one with asyncio. Nothing else differs between the two clients."""

from __future__ import annotations

import asyncio
import time
from typing import TypeVar, cast

import httpx

from lineage.client._protocol import (
    Action,
    HttpFailure,
    HttpResponse,
    Pause,
    ReadFile,
    Reply,
    Steps,
)

T = TypeVar("T")


def run_sync(steps: Steps[T], http: httpx.Client) -> T:
    reply: Reply = None
    try:
        while True:
            try:
                action = steps.send(reply)
            except StopIteration as done:
                return cast(T, done.value)
            reply = _sync_reply(http, action)
    finally:
        steps.close()


async def run_async(steps: Steps[T], http: httpx.AsyncClient) -> T:
    reply: Reply = None
    try:
        while True:
            try:
                action = steps.send(reply)
            except StopIteration as done:
                return cast(T, done.value)
            reply = await _async_reply(http, action)
    finally:
        steps.close()


def _sync_reply(http: httpx.Client, action: Action) -> Reply:
    if isinstance(action, Pause):
        time.sleep(action.seconds)
        return None
    if isinstance(action, ReadFile):
        return action.path.read_bytes()
    try:
        sent = http.request(
            action.method, action.url, headers=action.headers, content=action.content
        )
    except httpx.TransportError as error:
        return HttpFailure(error)
    return _response(sent)


async def _async_reply(http: httpx.AsyncClient, action: Action) -> Reply:
    if isinstance(action, Pause):
        await asyncio.sleep(action.seconds)
        return None
    if isinstance(action, ReadFile):
        return await asyncio.to_thread(action.path.read_bytes)
    try:
        sent = await http.request(
            action.method, action.url, headers=action.headers, content=action.content
        )
    except httpx.TransportError as error:
        return HttpFailure(error)
    return _response(sent)


def _response(response: httpx.Response) -> HttpResponse:
    headers = {name.lower(): value for name, value in response.headers.items()}
    return HttpResponse(response.status_code, headers, response.content)
