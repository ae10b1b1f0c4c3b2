#!/usr/bin/env node
// The shim stays tiny so start-up pays only for the bundle; everything else is loaded lazily inside it.
import { main } from "../dist/cli.js";

process.exitCode = await main(process.argv);
