/** One turn of the event loop: between the parts of a long read or write, the page paints and takes input. */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
