// placeholder: replaced by the lead
console.debug('background');
export {};
