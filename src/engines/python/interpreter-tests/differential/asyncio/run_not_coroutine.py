# asyncio.run refuses what is not a coroutine (compared with a file: 3.12 changed the error)
import asyncio

try:
    asyncio.run(1)
except (TypeError, ValueError) as error:
    print(type(error).__name__, error)
