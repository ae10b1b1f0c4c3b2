/** The configuration file crisis looks for in the working folder and the folders above it. */
export const CONFIG_FILE = "crisis.config.yaml";
