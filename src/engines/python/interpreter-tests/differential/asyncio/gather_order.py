# gather returns results in argument order; tasks interleave at awaits
import asyncio

log = []


async def step(name, delay):
    log.append(f"{name} start")
    await asyncio.sleep(delay)
    log.append(f"{name} end")
    return name


async def main():
    print(await asyncio.gather(step("a", 0.03), step("b", 0.01)))
    print(log)


asyncio.run(main())
