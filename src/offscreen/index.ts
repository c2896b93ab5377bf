// placeholder: replaced by the lead
console.debug('offscreen');
export {};
